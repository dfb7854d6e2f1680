import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress } from '../domain/private-address';

export interface ResolvedAddress {
  address: string;
  family: number;
}
/** A host name's addresses (the system resolver in production; a scripted one in tests). */
export type Resolve = (host: string) => Promise<ResolvedAddress[]>;
export const systemResolve: Resolve = (host) => dnsLookup(host, { all: true, verbatim: true });

/** A delivery that was not made because its target is not a public address. */
export class RefusedTarget extends Error {
  constructor(host: string, address: string) {
    super(`${host} resolves to ${address}, a private, loopback, link-local or otherwise special address`);
    this.name = 'RefusedTarget';
  }
}

/**
 * The socket's own lookup: the name is resolved once, every address of the answer is checked, and the
 * connection goes to a checked one. Checking first and letting the client resolve again would leave a window
 * for DNS rebinding (a public answer to the check, a private one to the connection).
 */
export function checkedLookup(resolve: Resolve, allowed: (address: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname)
      .then((answers) => {
        const refused = answers.find((a) => !allowed(a.address));
        if (refused) throw new RefusedTarget(hostname, refused.address);
        const usable = options.family ? answers.filter((a) => a.family === options.family) : answers;
        if (usable.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
        if (options.all) callback(null, usable);
        else callback(null, usable[0]!.address, usable[0]!.family);
      })
      .catch((error: NodeJS.ErrnoException) => callback(error, '', 0));
  };
}

export interface WebhookClientOptions {
  timeoutMs: number;
  /** Deliver to private addresses too (development). */
  allowPrivate: boolean;
  resolve?: Resolve;
  /** Which addresses count as public (tests stand loopback ones in). */
  allowed?: (address: string) => boolean;
}

/** Posts a webhook and answers the receiver's status; redirects are not followed. */
export class WebhookClient {
  private readonly lookup?: LookupFunction;
  private readonly allowed: (address: string) => boolean;

  constructor(private readonly options: WebhookClientOptions) {
    this.allowed = options.allowed ?? isPublicAddress;
    if (!options.allowPrivate) this.lookup = checkedLookup(options.resolve ?? systemResolve, this.allowed);
  }

  post(url: string, body: string, headers: Record<string, string>): Promise<number> {
    const target = new URL(url);
    const host = target.hostname.replace(/^\[|\]$/g, '');
    // An address in the URL is connected to as it is, without a lookup: it is checked here.
    if (!this.options.allowPrivate && isIP(host) && !this.allowed(host))
      return Promise.reject(new RefusedTarget(host, host));
    const client = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const request = client.request(
        target,
        {
          method: 'POST',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
          agent: false,
          ...(this.lookup ? { lookup: this.lookup } : {}),
        },
        (response: IncomingMessage) => {
          response.resume(); // the answer's body is not needed
          resolve(response.statusCode ?? 0);
        },
      );
      request.setTimeout(this.options.timeoutMs, () =>
        request.destroy(
          Object.assign(new Error(`no answer in ${this.options.timeoutMs} ms`), { name: 'TimeoutError' }),
        ),
      );
      request.on('error', reject);
      request.end(body);
    });
  }
}
