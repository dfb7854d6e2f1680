import { createHash, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from 'jose';

export interface OidcUser {
  sub: string;
  tenant: string;
  role: string;
}

/**
 * An identity provider for tests, as small as OIDC allows: discovery, an authorize endpoint that signs the
 * configured user in at once (authorization code flow, PKCE S256 required), a token endpoint that checks the
 * code verifier against the challenge, refresh tokens (rotated on each use), and the JWKS the API verifies the
 * RS256 tokens with. Access tokens live `accessTokenSeconds`.
 */
export class FakeOidcProvider {
  url = '';
  readonly audience = 'baton-api';
  /** What the token endpoint saw: one entry per code exchanged, with whether its verifier matched. */
  readonly exchanges: { clientId: string; challengeMethod: string; verifierMatched: boolean }[] = [];
  /** Access tokens issued for a refresh token, in order (each with its exp). */
  readonly refreshes: { exp: number }[] = [];
  private readonly refreshTokens = new Set<string>();
  private server?: Server;
  private key?: { privateKey: KeyLike; jwk: JWK };
  private readonly codes = new Map<
    string,
    { challenge: string; method: string; clientId: string; redirectUri: string; nonce?: string }
  >();

  constructor(
    public user: OidcUser,
    readonly accessTokenSeconds = 3600,
  ) {}

  async start(): Promise<void> {
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.key = {
      privateKey: privateKey as KeyLike,
      jwk: { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' },
    };
    this.server = createServer((req, res) => {
      res.setHeader('access-control-allow-origin', '*');
      res.setHeader('access-control-allow-headers', '*');
      if (req.method === 'OPTIONS') return void res.writeHead(204).end();
      const url = new URL(req.url ?? '/', this.url);
      const json = (status: number, body: unknown) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (url.pathname === '/.well-known/openid-configuration') {
        return json(200, {
          issuer: this.url,
          authorization_endpoint: `${this.url}/authorize`,
          token_endpoint: `${this.url}/token`,
          jwks_uri: `${this.url}/jwks`,
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
          code_challenge_methods_supported: ['S256'],
          grant_types_supported: ['authorization_code', 'refresh_token'],
        });
      }
      if (url.pathname === '/jwks') return json(200, { keys: [this.key!.jwk] });
      if (url.pathname === '/authorize') {
        const p = url.searchParams;
        if (p.get('response_type') !== 'code' || !p.get('code_challenge') || p.get('code_challenge_method') !== 'S256')
          return json(400, { error: 'invalid_request', error_description: 'PKCE S256 is required' });
        const code = randomUUID();
        this.codes.set(code, {
          challenge: p.get('code_challenge')!,
          method: p.get('code_challenge_method')!,
          clientId: p.get('client_id')!,
          redirectUri: p.get('redirect_uri')!,
          nonce: p.get('nonce') ?? undefined,
        });
        const back = new URL(p.get('redirect_uri')!);
        back.searchParams.set('code', code);
        back.searchParams.set('state', p.get('state') ?? '');
        return void res.writeHead(302, { location: back.toString() }).end();
      }
      if (url.pathname === '/token' && req.method === 'POST') {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          void (async () => {
            const form = new URLSearchParams(body);
            if (form.get('grant_type') === 'refresh_token') {
              const used = form.get('refresh_token') ?? '';
              if (!this.refreshTokens.delete(used)) return json(400, { error: 'invalid_grant' });
              const refreshToken = randomUUID();
              this.refreshTokens.add(refreshToken);
              const accessToken = await this.mint({ ...this.user }, this.audience);
              this.refreshes.push({ exp: Math.floor(Date.now() / 1000) + this.accessTokenSeconds });
              return json(200, {
                token_type: 'Bearer',
                expires_in: this.accessTokenSeconds,
                scope: 'openid profile',
                access_token: accessToken,
                refresh_token: refreshToken,
                id_token: await this.mint({ sub: this.user.sub }, form.get('client_id') ?? ''),
              });
            }
            const grant = this.codes.get(form.get('code') ?? '');
            this.codes.delete(form.get('code') ?? '');
            if (!grant || form.get('redirect_uri') !== grant.redirectUri) return json(400, { error: 'invalid_grant' });
            const verifierMatched =
              createHash('sha256')
                .update(form.get('code_verifier') ?? '')
                .digest('base64url') === grant.challenge;
            this.exchanges.push({ clientId: grant.clientId, challengeMethod: grant.method, verifierMatched });
            if (!verifierMatched)
              return json(400, {
                error: 'invalid_grant',
                error_description: 'code_verifier does not match the challenge',
              });
            const refreshToken = randomUUID();
            this.refreshTokens.add(refreshToken);
            return json(200, {
              token_type: 'Bearer',
              expires_in: this.accessTokenSeconds,
              refresh_token: refreshToken,
              scope: 'openid profile',
              access_token: await this.mint({ ...this.user }, this.audience),
              id_token: await this.mint(
                { sub: this.user.sub, ...(grant.nonce ? { nonce: grant.nonce } : {}) },
                grant.clientId,
              ),
            });
          })();
        });
        return;
      }
      json(404, { error: 'not_found' });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** A token as this provider signs them (RS256), e.g. for the test's own API calls. */
  async mint(
    claims: Record<string, unknown> & { sub: string },
    audience = this.audience,
    seconds = this.accessTokenSeconds,
  ): Promise<string> {
    const { sub, ...rest } = claims;
    return new SignJWT(rest)
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setSubject(sub)
      .setIssuer(this.url)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime(`${seconds}s`)
      .sign(this.key!.privateKey);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
