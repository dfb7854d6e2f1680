import { defaultHandoffPolicy, decideHandoff } from '../domain/handoff-policy';
import { handoffContext, type TenantHandoffSettings } from './handoff-policies';
import { repAvailableNow } from '../domain/rep-availability';

const settings: TenantHandoffSettings = {
  policy: defaultHandoffPolicy,
  businessHours: { zone: 'America/Chicago', days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' },
};
const request = [
  {
    signal: 'explicit_request' as const,
    confidence: 0.95,
    evidence: { text: 'a person', start: 0, end: 8 },
    detector: 'rules',
  },
];

describe('the handoff context', () => {
  it('reads business hours in the tenant zone, weekdays only', () => {
    expect(handoffContext(settings, '2026-03-02T15:00:00Z', { repAvailable: false }).withinBusinessHours).toBe(true); // Monday 09:00 in Chicago
    expect(handoffContext(settings, '2026-03-02T14:59:00Z', { repAvailable: false }).withinBusinessHours).toBe(false); // 08:59
    expect(handoffContext(settings, '2026-03-02T23:30:00Z', { repAvailable: false }).withinBusinessHours).toBe(false); // 17:30
    expect(handoffContext(settings, '2026-03-07T17:00:00Z', { repAvailable: false }).withinBusinessHours).toBe(false); // Saturday
  });

  it('picks warm transfer only on a live call with a rep there, async booking without one', () => {
    const at = '2026-03-03T16:00:00Z';
    expect(
      decideHandoff(
        request,
        defaultHandoffPolicy,
        handoffContext(settings, at, { onLiveCall: true, repAvailable: true }),
      )?.mode,
    ).toBe('warm_transfer');
    expect(
      decideHandoff(
        request,
        defaultHandoffPolicy,
        handoffContext(settings, at, { onLiveCall: true, repAvailable: false }),
      )?.mode,
    ).toBe('async_booking');
    expect(
      decideHandoff(
        request,
        { ...defaultHandoffPolicy, warmTransfer: false },
        handoffContext(settings, at, { onLiveCall: true, repAvailable: true }),
      )?.mode,
    ).toBe('async_booking');
  });
});

describe('a rep available now, from what scheduling said of reps', () => {
  const hours = { mon: [{ start: '09:00', end: '17:00' }], tue: [{ start: '09:00', end: '17:00' }] };
  const sarah = { repId: 'sarah', presence: 'available' as const, timezone: 'America/New_York', workingHours: hours };
  it('is a rep who said available, inside their working hours', () => {
    expect(repAvailableNow([sarah], '2026-03-03T15:00:00Z')).toBe(true); // Tue 10:00 in New York
    expect(repAvailableNow([sarah], '2026-03-03T23:00:00Z')).toBe(false); // 18:00: off work
    expect(repAvailableNow([{ ...sarah, presence: 'busy' }], '2026-03-03T15:00:00Z')).toBe(false);
    expect(repAvailableNow([{ ...sarah, removed: true }], '2026-03-03T15:00:00Z')).toBe(false);
    expect(repAvailableNow([], '2026-03-03T15:00:00Z')).toBe(false);
  });
  it('makes the handoff a live takeover on texting, a warm transfer on a call, async booking without', () => {
    const at = '2026-03-03T15:00:00Z';
    const context = (onLiveCall: boolean, reps = [sarah]) =>
      handoffContext({ ...settings, businessHours: { ...settings.businessHours, zone: 'America/New_York' } }, at, {
        onLiveCall,
        repAvailable: repAvailableNow(reps, at),
      });
    expect(decideHandoff(request, defaultHandoffPolicy, context(false))?.mode).toBe('live_takeover');
    expect(decideHandoff(request, defaultHandoffPolicy, context(true))?.mode).toBe('warm_transfer');
    expect(decideHandoff(request, defaultHandoffPolicy, context(false, []))?.mode).toBe('async_booking');
  });
});
