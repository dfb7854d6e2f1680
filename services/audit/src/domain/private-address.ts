import ipaddr from 'ipaddr.js';

// Where a tenant's webhook may point: public unicast addresses only. ipaddr.js classifies every special
// range (private, loopback, link-local and cloud metadata, carrier-grade NAT, benchmarking 198.18/15,
// multicast, broadcast, reserved, documentation, unique-local, discard, ...); anything but `unicast` is
// refused. An IPv6 address that carries an IPv4 one is judged by the IPv4 address it carries.

/** The IPv4 address inside an IPv6 one: mapped, translated, NAT64 (64:ff9b::/96), 6to4, IPv4-compatible. */
function carriedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const bytes = ip.toByteArray();
  const range = ip.range();
  const last32 = () => new ipaddr.IPv4(bytes.slice(12, 16));
  if (range === 'ipv4Mapped' || range === 'rfc6145') return last32();
  // The well-known NAT64 prefix only; the local-use 64:ff9b:1::/48 stays refused as rfc6052.
  if (range === 'rfc6052' && ip.match(ipaddr.IPv6.parse('64:ff9b::'), 96)) return last32();
  if (range === '6to4') return new ipaddr.IPv4(bytes.slice(2, 6));
  // ::a.b.c.d, the deprecated IPv4-compatible form (:: and ::1 are unspecified and loopback already).
  if (range === 'unicast' && bytes.slice(0, 12).every((b) => b === 0)) return last32();
  return undefined;
}

/** True for an IP address a webhook may be delivered to: public unicast, whatever notation it is written in. */
export function isPublicAddress(address: string): boolean {
  const literal = address.replace(/^\[|\]$/g, '');
  if (!ipaddr.isValid(literal)) return false;
  const ip = ipaddr.parse(literal);
  if (ip.kind() === 'ipv6') {
    const carried = carriedIPv4(ip as ipaddr.IPv6);
    if (carried) return carried.range() === 'unicast';
  }
  return ip.range() === 'unicast';
}

/** True for an IP address (not a host name) that is not public unicast. */
export function isPrivateAddress(address: string): boolean {
  return ipaddr.isValid(address.replace(/^\[|\]$/g, '')) && !isPublicAddress(address);
}

/** Why a webhook URL cannot be registered, or undefined when it can. */
export function webhookUrlProblem(
  raw: unknown,
  allow: { http: boolean; privateAddresses: boolean },
): string | undefined {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    return 'url must be an absolute URL';
  }
  const schemes = allow.http ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return `url must use ${schemes.join(' or ')}`;
  if (url.username || url.password) return 'url must not carry credentials';
  // The URL parser has already written every IPv4 notation (0x7f.1, 2130706433) as a dotted quad.
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!allow.privateAddresses && (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host))) {
    return 'url must not point at a private, loopback, link-local or otherwise special address';
  }
  return undefined;
}
