import { readGatewayConfig } from './config';

describe('gateway config', () => {
  it('reads per-tenant quiet hours and refuses bad ones by name', () => {
    expect(
      readGatewayConfig({ BATON_QUIET_HOURS: '{"acme": {"default": {"start": "09:00", "end": "19:00"}}}' })
        .BATON_QUIET_HOURS,
    ).toEqual({ acme: { default: { start: '09:00', end: '19:00' } } });
    expect(() =>
      readGatewayConfig({ BATON_QUIET_HOURS: '{"acme": {"FL": {"start": "21:00", "end": "08:00"}}}' }),
    ).toThrow(/BATON_QUIET_HOURS has a bad window for acme\/FL/);
    expect(() => readGatewayConfig({ BATON_QUIET_HOURS: 'nope' })).toThrow(/BATON_QUIET_HOURS must be JSON/);
  });
  it('needs the auth token with an account', () => {
    expect(() => readGatewayConfig({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toThrow(
      /TWILIO_AUTH_TOKEN is required/,
    );
    expect(() => readGatewayConfig({ TWILIO_ACCOUNT_SID: 'nope' })).toThrow(/TWILIO_ACCOUNT_SID must look like AC/);
    expect(readGatewayConfig({}).twilio).toBe(false);
  });
  it('needs the public URL with the auth token (signatures are checked against it)', () => {
    expect(() => readGatewayConfig({ TWILIO_AUTH_TOKEN: 'x' })).toThrow(
      /BATON_PUBLIC_URL is required when TWILIO_AUTH_TOKEN is set/,
    );
    expect(
      readGatewayConfig({ TWILIO_AUTH_TOKEN: 'x', BATON_PUBLIC_URL: 'https://baton.example.com' }).TWILIO_AUTH_TOKEN,
    ).toBe('x');
  });
  it('finds no quiet hours for a tenant named after a key of Object.prototype', () => {
    const config = readGatewayConfig({
      BATON_QUIET_HOURS: '{"acme": {"default": {"start": "09:00", "end": "19:00"}}}',
    });
    for (const tenant of ['constructor', '__proto__', 'toString'])
      expect(config.BATON_QUIET_HOURS[tenant]).toBeUndefined();
    expect(config.BATON_QUIET_HOURS.acme?.constructor).toBeUndefined();
  });
  it('reads the warm transfer reps and the call settings, and refuses bad ones by name', () => {
    const config = readGatewayConfig({
      BATON_TRANSFER_REPS:
        '[{"repId": "rep-1", "phone": "+15125550111"}, {"repId": "rep-2", "phone": "+15125550112", "tenant": "acme"}]',
    });
    expect(config.BATON_TRANSFER_REPS).toEqual([
      { repId: 'rep-1', phone: '+15125550111' },
      { repId: 'rep-2', phone: '+15125550112', tenant: 'acme' },
    ]);
    expect(config.BATON_CALL_RECORDING).toBe(false);
    expect(config.BATON_CALL_GREETING).toMatch(/AI assistant/);
    expect(() => readGatewayConfig({ BATON_TRANSFER_REPS: '[{"repId": "rep-1", "phone": "5551234"}]' })).toThrow(
      /BATON_TRANSFER_REPS .*entry 0 needs a repId and an E.164 phone/,
    );
    expect(() => readGatewayConfig({ BATON_TRANSFER_REPS: '{}' })).toThrow(/BATON_TRANSFER_REPS .*JSON array/);
    expect(() => readGatewayConfig({ BATON_CALL_RECORDING: 'yes' })).toThrow(
      /BATON_CALL_RECORDING must be true or false/,
    );
    expect(() => readGatewayConfig({ BATON_TRANSFER_ACCEPT_DIGIT: '12' })).toThrow(
      /BATON_TRANSFER_ACCEPT_DIGIT must be one key/,
    );
  });
});
