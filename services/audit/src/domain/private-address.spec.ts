import { isPrivateAddress, privateTargetProblem, webhookUrlProblem } from './private-address';

describe('private addresses (webhook SSRF guard)', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '[::1]', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1'])('refuses %s', (ip) =>
    expect(isPrivateAddress(ip)).toBe(true));
  it.each(['8.8.8.8', '172.32.0.1', '2606:4700::1111', 'crm.example.com'])('allows %s', (ip) => expect(isPrivateAddress(ip)).toBe(false));
});

describe('webhook URLs', () => {
  const strict = { http: false, privateAddresses: false };
  it('takes a public https URL', () => expect(webhookUrlProblem('https://crm.example.com/baton', strict)).toBeUndefined());
  it.each([
    ['not a url', 'url must be an absolute URL'],
    ['http://crm.example.com/hook', 'url must use https:'],
    ['https://user:pw@crm.example.com/hook', 'url must not carry credentials'],
    ['https://localhost/hook', 'url must not point at a private, loopback or link-local address'],
    ['https://169.254.169.254/latest/meta-data', 'url must not point at a private, loopback or link-local address'],
    ['https://[::1]:8443/hook', 'url must not point at a private, loopback or link-local address'],
  ])('refuses %s', (url, reason) => expect(webhookUrlProblem(url, strict)).toBe(reason));
  it('lets development allow http and private addresses', () =>
    expect(webhookUrlProblem('http://127.0.0.1:9000/hook', { http: true, privateAddresses: true })).toBeUndefined());
});

describe('delivery targets', () => {
  const dns = (answers: Record<string, string[]>) => async (host: string) => answers[host] ?? [];
  it('refuses a name that now resolves to a private address', async () => {
    expect(await privateTargetProblem('https://crm.example.com/hook', dns({ 'crm.example.com': ['93.184.216.34', '10.0.0.7'] })))
      .toBe('crm.example.com resolves to a private, loopback or link-local address');
  });
  it('lets a public name and a public IP through', async () => {
    expect(await privateTargetProblem('https://crm.example.com/hook', dns({ 'crm.example.com': ['93.184.216.34'] }))).toBeUndefined();
    expect(await privateTargetProblem('https://93.184.216.34/hook', dns({}))).toBeUndefined();
  });
});
