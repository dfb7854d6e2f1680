import { readGatewayConfig } from './config';

describe('gateway config', () => {
  it('reads per-tenant quiet hours and refuses bad ones by name', () => {
    expect(readGatewayConfig({ BATON_QUIET_HOURS: '{"acme": {"default": {"start": "09:00", "end": "19:00"}}}' }).BATON_QUIET_HOURS)
      .toEqual({ acme: { default: { start: '09:00', end: '19:00' } } });
    expect(() => readGatewayConfig({ BATON_QUIET_HOURS: '{"acme": {"FL": {"start": "21:00", "end": "08:00"}}}' })).toThrow(/BATON_QUIET_HOURS has a bad window for acme\/FL/);
    expect(() => readGatewayConfig({ BATON_QUIET_HOURS: 'nope' })).toThrow(/BATON_QUIET_HOURS must be JSON/);
  });
  it('needs the auth token with an account', () => {
    expect(() => readGatewayConfig({ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` })).toThrow(/TWILIO_AUTH_TOKEN is required/);
    expect(() => readGatewayConfig({ TWILIO_ACCOUNT_SID: 'nope' })).toThrow(/TWILIO_ACCOUNT_SID must look like AC/);
    expect(readGatewayConfig({}).twilio).toBe(false);
  });
});
