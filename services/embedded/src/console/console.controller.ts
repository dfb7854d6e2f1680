import {
  Controller,
  ForbiddenException,
  Get,
  HttpCode,
  Inject,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
  ServiceUnavailableException,
} from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Type, type Static } from '@sinclair/typebox';
import type { Request, Response } from 'express';
import { ENV, Public, TokenVerifier, ValidBody } from '@baton/service-runtime';
import { readConsoleConfig, type ConsoleConfig } from './console-settings';

const DevSessionBody = Type.Object(
  {
    role: Type.Union([Type.Literal('rep'), Type.Literal('supervisor'), Type.Literal('auditor'), Type.Literal('admin')]),
    subject: Type.String({ pattern: '^[A-Za-z0-9._:@-]{1,128}$' }),
  },
  { additionalProperties: false },
);
type DevSessionBody = Static<typeof DevSessionBody>;

/** Whether a request came from this machine (its socket, not a header a proxy or client could set). */
export const fromThisMachine = (address: string | undefined) =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

/**
 * The rep console as the embedded process serves it: the built single-page app at `/`, its `config.json` (how
 * to sign in), and, in development only, a sign-in that needs no typing. Distributed, the same built folder is
 * static files any web server or the ingress serves, with a config.json written beside them.
 */
@Controller()
export class ConsoleController {
  private readonly config: ConsoleConfig;

  constructor(
    private readonly verifier: TokenVerifier,
    @Inject(ENV) env: NodeJS.ProcessEnv,
  ) {
    this.config = readConsoleConfig(env);
  }

  @Public()
  @Get()
  index(@Res() res: Response): void {
    this.file('index.html', res);
  }

  @Public()
  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() res: Response): void {
    if (!/^[A-Za-z0-9._-]{1,200}$/.test(file) || file.startsWith('.'))
      throw new NotFoundException(`no asset ${file.slice(0, 64)}`);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable'); // Vite names assets by their content hash
    this.file(join('assets', file), res);
  }

  /** How the console signs in: the development sign-in here, or the tenant's identity provider by OIDC with PKCE. */
  @Public()
  @Get('config.json')
  settings() {
    const oidc =
      this.config.BATON_CONSOLE_OIDC_AUTHORITY && this.config.BATON_CONSOLE_OIDC_CLIENT_ID
        ? {
            authority: this.config.BATON_CONSOLE_OIDC_AUTHORITY,
            clientId: this.config.BATON_CONSOLE_OIDC_CLIENT_ID,
            scope: this.config.BATON_CONSOLE_OIDC_SCOPE,
            token: this.config.BATON_CONSOLE_OIDC_TOKEN,
          }
        : undefined;
    return {
      apiBase: '',
      signIn: oidc ? 'oidc' : this.verifier.development ? 'development' : 'token',
      ...(oidc ? { oidc } : {}),
    };
  }

  /**
   * Development only (no BATON_JWT_SECRET nor BATON_JWKS_URL: the secret is the data dir's) and only from this
   * machine: a token for the default tenant in the role the console asks for, so a newcomer signs in without
   * typing, and can be a rep, a supervisor or an auditor in turn.
   */
  @Public()
  @Post('console/dev-session')
  @HttpCode(200)
  async devSession(@Req() req: Request, @ValidBody(DevSessionBody) body: DevSessionBody) {
    if (!this.verifier.development)
      throw new NotFoundException('the development sign-in is off: sign in with your identity provider');
    if (!fromThisMachine(req.socket.remoteAddress))
      throw new ForbiddenException('the development sign-in answers only on this machine');
    const token = await this.verifier.mint({ subject: body.subject, tenantId: 'default', role: body.role }, 12 * 3600);
    return { token, tenantId: 'default', role: body.role, subject: body.subject };
  }

  private file(path: string, res: Response): void {
    const root = this.config.BATON_CONSOLE_DIR;
    if (!existsSync(join(root, 'index.html')))
      throw new ServiceUnavailableException(`the console is not built: run npm run build:console (looked in ${root})`);
    res.sendFile(path, { root, dotfiles: 'deny' }, (error) => {
      if (error && !res.headersSent)
        res
          .status(404)
          .type('application/problem+json')
          .send(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: `no ${path}` }));
    });
  }
}
