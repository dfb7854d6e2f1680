import type { DataOf, RepUpdated } from '@baton/contracts';
import type { Rep } from '../domain/rep';

/** rep.updated as the rest of Baton hears it: contact, zone, presence, hours, territory, skills; never calendar settings. */
export const repUpdatedData = (rep: Rep): DataOf<typeof RepUpdated> => ({
  repId: rep.repId,
  name: rep.name,
  ...(rep.email ? { email: rep.email } : {}),
  ...(rep.phone ? { phone: rep.phone } : {}),
  timezone: rep.timezone,
  presence: rep.presence,
  ...(rep.removed ? { removed: true } : {}),
  revision: rep.revision,
  workingHours: rep.workingHours,
  territory: rep.territory,
  skills: rep.skills,
});
