import { BlockList, isIP } from 'node:net';

// Where a tenant's webhook must not point: this cluster's own network (SSRF), loopback, link-local (cloud metadata).
const blocked = new BlockList();
for (const [net, prefix] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12], ['192.168.0.0', 16]] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10]] as const) blocked.addSubnet(net, prefix, 'ipv6');

/** True for an address in a private, loopback or link-local range (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address.replace(/^\[|\]$/g, '');
  const family = isIP(ip);
  if (family === 0) return false;
  return blocked.check(ip, family === 4 ? 'ipv4' : 'ipv6');
}

/** Why a webhook URL cannot be registered, or undefined when it can. */
export function webhookUrlProblem(raw: unknown, allow: { http: boolean; privateAddresses: boolean }): string | undefined {
  let url: URL;
  try {
    url = new URL(String(raw));
  } catch {
    return 'url must be an absolute URL';
  }
  const schemes = allow.http ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) return `url must use ${schemes.join(' or ')}`;
  if (url.username || url.password) return 'url must not carry credentials';
  const host = url.hostname.toLowerCase();
  if (!allow.privateAddresses && (host === 'localhost' || host.endsWith('.localhost') || isPrivateAddress(host))) {
    return 'url must not point at a private, loopback or link-local address';
  }
  return undefined;
}

/**
 * Why a delivery must not go to this URL now (its name resolves to a private address), or undefined. Checked
 * at each attempt: a name that was public at registration may not be now.
 */
export async function privateTargetProblem(url: string, resolve: (host: string) => Promise<string[]>): Promise<string | undefined> {
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await resolve(host);
  return addresses.some(isPrivateAddress) ? `${host} resolves to a private, loopback or link-local address` : undefined;
}
