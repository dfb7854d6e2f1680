import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Request } from 'express';
import { roles, type Role } from '@baton/contracts';

// The roles are the contracts' (the console and every service share them); agent: an external AI agent.
export { roles, type Role };

/** Who is calling: from the bearer token's `sub`, `tenant` and `role` claims. */
export interface Principal {
  subject: string;
  tenantId: string;
  role: Role;
}

export interface AuthConfig {
  BATON_JWT_SECRET?: string;
  BATON_JWKS_URL?: string;
  BATON_JWT_ISSUER: string;
  BATON_JWT_AUDIENCE: string;
  BATON_DATA_DIR: string;
}

/**
 * Bearer JWTs: HS256 with BATON_JWT_SECRET, or RS256/ES256 from BATON_JWKS_URL. Algorithms are pinned (so
 * `alg: none` and algorithm confusion are refused); issuer, audience and expiry are checked. With neither set,
 * a development secret is kept under the data dir and an admin token is written beside it.
 */
export class TokenVerifier {
  private constructor(
    private readonly key: Uint8Array | JWTVerifyGetKey,
    private readonly algorithms: string[],
    private readonly issuer: string,
    private readonly audience: string,
    readonly development: boolean,
  ) {}

  static fromConfig(config: AuthConfig): TokenVerifier {
    if (config.BATON_JWKS_URL) {
      return new TokenVerifier(
        createRemoteJWKSet(new URL(config.BATON_JWKS_URL)),
        ['RS256', 'ES256'],
        config.BATON_JWT_ISSUER,
        config.BATON_JWT_AUDIENCE,
        false,
      );
    }
    if (config.BATON_JWT_SECRET) {
      if (config.BATON_JWT_SECRET.length < 32) throw new Error('BATON_JWT_SECRET must be at least 32 characters');
      return new TokenVerifier(
        new TextEncoder().encode(config.BATON_JWT_SECRET),
        ['HS256'],
        config.BATON_JWT_ISSUER,
        config.BATON_JWT_AUDIENCE,
        false,
      );
    }
    return new TokenVerifier(
      new TextEncoder().encode(developmentSecret(config.BATON_DATA_DIR)),
      ['HS256'],
      config.BATON_JWT_ISSUER,
      config.BATON_JWT_AUDIENCE,
      true,
    );
  }

  async verify(token: string): Promise<Principal> {
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.key as Uint8Array, {
        algorithms: this.algorithms,
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new UnauthorizedException(`the bearer token was refused: ${(error as Error).message}`);
    }
    const role = payload.role as Role;
    if (!roles.includes(role)) throw new UnauthorizedException(`the token's role must be one of ${roles.join(', ')}`);
    if (typeof payload.tenant !== 'string' || !payload.tenant)
      throw new UnauthorizedException('the token names no tenant');
    return { subject: String(payload.sub), tenantId: payload.tenant, role };
  }

  /** Signs a token with the HS256 secret (the development secret, or BATON_JWT_SECRET): for dev tokens and tests. */
  async mint(principal: Principal, ttlSeconds = 3600): Promise<string> {
    if (!(this.key instanceof Uint8Array))
      throw new Error('tokens are minted by your identity provider when BATON_JWKS_URL is set');
    return new SignJWT({ tenant: principal.tenantId, role: principal.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(principal.subject)
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .sign(this.key);
  }
}

function developmentSecret(dataDir: string): string {
  const file = join(dataDir, 'dev-jwt-secret');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch {
      // another process of this install wrote it first
    }
  }
  return readFileSync(file, 'utf8').trim();
}

/** Writes an admin token for the default tenant under the data dir (embedded mode with no auth configured). */
export async function writeDevToken(verifier: TokenVerifier, dataDir: string): Promise<string> {
  const token = await verifier.mint({ subject: 'dev-admin', tenantId: 'default', role: 'admin' }, 30 * 24 * 3600);
  writeFileSync(join(dataDir, 'dev-token'), `${token}\n`, { mode: 0o600 });
  return token;
}

const ROLES = 'baton:roles';
const PUBLIC = 'baton:public';
/**
 * The route needs no bearer token (operations endpoints, the OpenAPI document, provider webhooks that carry
 * their own signature). Every other route needs one: auth is bound to the route, never to a path prefix.
 */
export const Public = () => SetMetadata(PUBLIC, true);
/** Only these roles may call the route (admins always may). */
export const AllowRoles = (...allowed: Role[]) => SetMetadata(ROLES, allowed);

type AuthedRequest = Request & { principal?: Principal };
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
  if (!principal) throw new UnauthorizedException('no principal on this request');
  return principal;
});

/** Every route but the @Public ones needs a bearer token; auditors only read; @AllowRoles narrows a route further. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthedRequest>();
    if (this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC, [context.getHandler(), context.getClass()]))
      return true;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new UnauthorizedException('a bearer token is required (Authorization: Bearer <jwt>)');
    const principal = await this.verifier.verify(match[1]!);
    if (principal.role === 'auditor' && request.method !== 'GET')
      throw new ForbiddenException('auditors can read, not write');
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (allowed && principal.role !== 'admin' && !allowed.includes(principal.role))
      throw new ForbiddenException(`this needs one of: ${allowed.join(', ')}`);
    request.principal = principal;
    return true;
  }
}
