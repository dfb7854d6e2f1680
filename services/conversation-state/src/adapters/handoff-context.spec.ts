import { defaultHandoffPolicy, decideHandoff } from '../domain/handoff-policy';
import { handoffContext, type TenantHandoffSettings } from './handoff-policies';

const settings: TenantHandoffSettings = {
  policy: defaultHandoffPolicy,
  businessHours: { zone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' },
};
const request = [{ signal: 'explicit_request' as const, confidence: 0.95, evidence: { text: 'a person', start: 0, end: 8 }, detector: 'rules' }];

describe('the handoff context', () => {
  it('reads business hours in the tenant zone, weekdays only', () => {
    expect(handoffContext(settings, '2026-03-02T15:00:00Z').withinBusinessHours).toBe(true); // Monday 09:00 in Chicago
    expect(handoffContext(settings, '2026-03-02T14:59:00Z').withinBusinessHours).toBe(false); // 08:59
    expect(handoffContext(settings, '2026-03-02T23:30:00Z').withinBusinessHours).toBe(false); // 17:30
    expect(handoffContext(settings, '2026-03-07T17:00:00Z').withinBusinessHours).toBe(false); // Saturday
  });

  it('picks warm transfer only on a live call with a rep there, async booking without one', () => {
    const at = '2026-03-03T16:00:00Z';
    expect(decideHandoff(request, defaultHandoffPolicy, handoffContext(settings, at, { onLiveCall: true, repAvailable: true }))?.mode).toBe('warm_transfer');
    expect(decideHandoff(request, defaultHandoffPolicy, handoffContext(settings, at, { onLiveCall: true }))?.mode).toBe('async_booking');
    expect(decideHandoff(request, { ...defaultHandoffPolicy, warmTransfer: false }, handoffContext(settings, at, { onLiveCall: true, repAvailable: true }))?.mode).toBe('async_booking');
  });
});
