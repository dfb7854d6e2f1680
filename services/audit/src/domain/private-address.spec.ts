import { isPrivateAddress, isPublicAddress, webhookUrlProblem } from './private-address';

describe('webhook target addresses (SSRF guard)', () => {
  it.each([
    // private, loopback, link-local (cloud metadata), carrier-grade NAT, unspecified
    '127.0.0.1',
    '127.255.0.9',
    '10.1.2.3',
    '172.20.0.5',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    // benchmarking, documentation, reserved, multicast, broadcast, IETF protocol assignments
    '198.18.0.1',
    '198.19.255.254',
    '192.0.2.7',
    '198.51.100.1',
    '203.0.113.9',
    '240.0.0.1',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '192.0.0.8',
    // IPv6: loopback, unspecified, unique-local, link-local, multicast, site-local, discard, documentation
    '::1',
    '[::1]',
    '::',
    'fd00::1',
    'fe80::1',
    'fe80::1%eth0',
    'ff02::1',
    'fec0::1',
    '100::1',
    '2001:db8::1',
    // IPv4 carried inside IPv6: mapped, translated, IPv4-compatible, NAT64, 6to4, local-use NAT64, Teredo
    '::ffff:10.0.0.1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '[::ffff:0:7f00:1]',
    '[::7f00:1]',
    '::127.0.0.1',
    '[64:ff9b::7f00:1]',
    '64:ff9b::a9fe:a9fe',
    '[2002:7f00:1::]',
    '2002:a9fe:a9fe::1',
    '64:ff9b:1::1',
    '2001:0:4136:e378:8000:63bf:3fff:fdd2',
  ])('refuses %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '93.184.216.34',
    '172.32.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('allows %s', (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it('takes a host name for neither (it is checked against DNS when delivering)', () => {
    expect(isPrivateAddress('crm.example.com')).toBe(false);
    expect(isPublicAddress('crm.example.com')).toBe(false);
  });
});

describe('webhook URLs', () => {
  const strict = { http: false, privateAddresses: false };
  const refused = 'url must not point at a private, loopback, link-local or otherwise special address';
  it('takes a public https URL', () =>
    expect(webhookUrlProblem('https://crm.example.com/baton', strict)).toBeUndefined());
  it.each([
    ['not a url', 'url must be an absolute URL'],
    ['http://crm.example.com/hook', 'url must use https:'],
    ['https://user:pw@crm.example.com/hook', 'url must not carry credentials'],
    ['https://localhost/hook', refused],
    ['https://localhost./hook', refused],
    ['https://app.localhost/hook', refused],
    ['https://169.254.169.254/latest/meta-data', refused],
    ['https://[::1]:8443/hook', refused],
    ['https://[::7f00:1]/hook', refused],
    ['https://[64:ff9b::7f00:1]/hook', refused],
    ['https://[2002:7f00:1::]/hook', refused],
    ['https://[::ffff:0:7f00:1]/hook', refused],
    ['https://198.18.0.1/hook', refused],
    ['https://224.0.0.1/hook', refused],
    ['https://255.255.255.255/hook', refused],
    // other spellings of 127.0.0.1 that the URL parser normalizes
    ['https://2130706433/hook', refused],
    ['https://0x7f.1/hook', refused],
    ['https://127.1/hook', refused],
    ['https://0177.0.0.1/hook', refused],
  ])('refuses %s', (url, reason) => expect(webhookUrlProblem(url, strict)).toBe(reason));
  it('lets development allow http and private addresses', () =>
    expect(webhookUrlProblem('http://127.0.0.1:9000/hook', { http: true, privateAddresses: true })).toBeUndefined());
});
