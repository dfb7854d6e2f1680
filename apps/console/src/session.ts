import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import type { Role } from './api';

/** config.json beside index.html: how this console signs in (the embedded process writes it; a static host ships one). */
export interface ConsoleConfig {
  apiBase: string;
  signIn: 'development' | 'oidc' | 'token';
  oidc?: { authority: string; clientId: string; scope: string; token: 'id_token' | 'access_token' };
}

export interface Session {
  token: string;
  subject: string;
  role: Role;
  tenantId: string;
  /** Seconds since the epoch, from the token's exp. */
  expiresAt?: number;
  /** Seconds since the epoch, from the token's iat. */
  issuedAt?: number;
  via: 'development' | 'oidc' | 'token';
}

const storageKey = 'baton.console.session';

/** The claims the API reads (sub, tenant, role), from the JWT's payload; the API checks the signature. */
export function sessionOf(token: string, via: Session['via']): Session {
  const part = token.split('.')[1];
  if (!part) throw new Error('that is not a JWT');
  const json = atob(
    part
      .replace(/-/g, '+')
      .replace(/_/g, '/')
      .padEnd(Math.ceil(part.length / 4) * 4, '='),
  );
  const claims = JSON.parse(json) as { sub?: string; role?: Role; tenant?: string; exp?: number; iat?: number };
  if (!claims.sub || !claims.role || !claims.tenant) throw new Error('the token carries no sub, role or tenant claim');
  return {
    token,
    subject: claims.sub,
    role: claims.role,
    tenantId: claims.tenant,
    expiresAt: claims.exp,
    issuedAt: claims.iat,
    via,
  };
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('./config.json', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}

/** This tab's session, while its token is valid (each tab signs in on its own: two reps, two tabs). */
export function savedSession(now = Date.now()): Session | undefined {
  const raw = sessionStorage.getItem(storageKey);
  if (!raw) return undefined;
  const session = JSON.parse(raw) as Session;
  if (session.expiresAt && session.expiresAt * 1000 <= now) return undefined;
  return session;
}

export function saveSession(session: Session | undefined): void {
  if (session) sessionStorage.setItem(storageKey, JSON.stringify(session));
  else sessionStorage.removeItem(storageKey);
}

/** The identities a newcomer can be in the embedded mode, without typing anything. */
export const developmentIdentities: { role: Role; subject: string; label: string }[] = [
  { role: 'rep', subject: 'demo-rep', label: 'Sarah Lee (rep)' },
  { role: 'rep', subject: 'rep-2', label: 'Rep 2 (rep)' },
  { role: 'supervisor', subject: 'supervisor-1', label: 'Supervisor' },
  { role: 'auditor', subject: 'auditor-1', label: 'Auditor (read only)' },
  { role: 'admin', subject: 'dev-admin', label: 'Admin' },
];

/** Embedded mode: the process mints a token for this machine's user (it answers only on loopback). */
export async function signInForDevelopment(config: ConsoleConfig, role: Role, subject: string): Promise<Session> {
  const response = await fetch(`${config.apiBase}/console/dev-session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ role, subject }),
  });
  if (!response.ok) throw new Error(`development sign-in refused: HTTP ${response.status}`);
  const { token } = (await response.json()) as { token: string };
  return sessionOf(token, 'development');
}

/** Production: the tenant's identity provider, authorization code flow with PKCE (oidc-client-ts does both). */
export function oidcUserManager(config: ConsoleConfig): UserManager {
  if (!config.oidc) throw new Error('no OIDC settings in config.json');
  const here = `${location.origin}${location.pathname}`;
  return new UserManager({
    authority: config.oidc.authority,
    client_id: config.oidc.clientId,
    redirect_uri: here,
    post_logout_redirect_uri: here,
    response_type: 'code',
    scope: config.oidc.scope,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
    // The console renews when it decides to (renewOidcSession), with the refresh token: no hidden iframe page.
    automaticSilentRenew: false,
  });
}

/**
 * A fresh token from the identity provider without a page change, with the refresh token it gave at sign-in
 * (ask for `offline_access` in BATON_CONSOLE_OIDC_SCOPE where the provider wants it). Undefined when it cannot:
 * no refresh token, or the provider refused; the rep then signs in again.
 */
export async function renewOidcSession(config: ConsoleConfig): Promise<Session | undefined> {
  const manager = oidcUserManager(config);
  const current = await manager.getUser();
  if (!current?.refresh_token) return undefined;
  const user = await manager.signinSilent().catch(() => null);
  if (!user || user.expired) return undefined;
  const token = config.oidc!.token === 'id_token' ? user.id_token : user.access_token;
  return token ? sessionOf(token, 'oidc') : undefined;
}

/**
 * When to renew a token that expires at `expiresAt` (seconds since the epoch), issued `lifetimeSeconds` before
 * it: a minute ahead, or a quarter of a short lifetime ahead; never in the past.
 */
export function renewalDelay(expiresAt: number, lifetimeSeconds: number, now = Date.now()): number {
  const ahead = Math.min(60, lifetimeSeconds / 4) * 1000;
  return Math.max(0, expiresAt * 1000 - ahead - now);
}

let completing: Promise<Session | undefined> | undefined;
/**
 * Back from the identity provider (?code=&state=): finish the sign-in and take the JWT the API checks. Once per
 * page load: the code can be exchanged only once, however often the page asks.
 */
export function completeOidcSignIn(config: ConsoleConfig): Promise<Session | undefined> {
  completing ??= exchangeOidcCode(config);
  return completing;
}

async function exchangeOidcCode(config: ConsoleConfig): Promise<Session | undefined> {
  const manager = oidcUserManager(config);
  const params = new URLSearchParams(location.search);
  const user =
    params.has('code') && params.has('state') ? await manager.signinRedirectCallback() : await manager.getUser();
  if (params.has('code')) history.replaceState(null, '', `${location.pathname}${location.hash}`);
  if (!user || user.expired) return undefined;
  const token = config.oidc!.token === 'id_token' ? user.id_token : user.access_token;
  return token ? sessionOf(token, 'oidc') : undefined;
}
