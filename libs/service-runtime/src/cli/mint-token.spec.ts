import { TokenVerifier } from '../auth';
import { mintToken } from './mint-token';

const env = { BATON_JWT_SECRET: 'compose-secret-0123456789abcdef0123456789' };

describe('mint-token, for installs without an identity provider', () => {
  it('mints a token every service with the same secret accepts, with the role and tenant asked for', async () => {
    const token = await mintToken(['--role', 'supervisor', '--tenant', 'acme', '--subject', 'ops-1'], env);
    const verifier = TokenVerifier.fromConfig({
      BATON_JWT_SECRET: env.BATON_JWT_SECRET,
      BATON_JWT_ISSUER: 'baton',
      BATON_JWT_AUDIENCE: 'baton-api',
      BATON_DATA_DIR: '/nonexistent',
    });
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'ops-1', tenantId: 'acme', role: 'supervisor' });
  });

  it('refuses an unknown role, a missing secret and an identity-provider install, saying why', async () => {
    await expect(mintToken(['--role', 'root'], env)).rejects.toThrow('--role must be one of');
    await expect(mintToken(['--role', 'admin'], {})).rejects.toThrow('BATON_JWT_SECRET is not set');
    await expect(mintToken(['--role', 'admin'], { BATON_JWKS_URL: 'https://login.example.com/jwks' })).rejects.toThrow(
      'identity provider',
    );
    await expect(mintToken(['--role', 'admin', '--hours', '0'], env)).rejects.toThrow('--hours');
  });
});
