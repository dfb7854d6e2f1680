import type { Presence, WorkingHours } from '@baton/contracts';
import { effectivePresence } from '@baton/working-hours';

/** What conversation-state keeps of each rep, from scheduling's rep.updated events. */
export interface RepPresence {
  repId: string;
  presence: Presence;
  timezone: string;
  workingHours: WorkingHours;
  removed?: boolean;
}

/** Whether any rep can take a conversation live at `at`: available by their own word, inside their working hours. */
export function repAvailableNow(reps: RepPresence[], at: string): boolean {
  return reps.some((rep) => !rep.removed && effectivePresence(rep, at) === 'available');
}
