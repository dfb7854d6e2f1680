/** What a lead's whole message means for consent, by the carrier keywords and Twilio's defaults. */
export type KeywordMeaning = 'opt_out' | 'opt_in' | 'help' | 'revocation' | 'none';

const optOut = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT']);
const optIn = new Set(['START', 'UNSTOP', 'YES']);
const help = new Set(['HELP', 'INFO']);

// Revocations in the lead's own words: outreach pauses and a rep looks, but it is not a keyword opt-out.
const revocation = [
  /\b(?:please\s+)?(?:stop|quit|no\s+more)\s+(?:texting|messaging|contacting|calling|sending|bothering|spamming)\b/i,
  /\b(?:don'?t|do\s+not|never)\s+(?:text|message|contact|call|email)\s+(?:me|us|this\s+number)\b/i,
  /\b(?:remove|take)\s+(?:me|my\s+number|this\s+number)\s+(?:from|off)\b/i,
  /\bunsubscribe\s+me\b/i,
  /\bno\s+more\s+(?:texts|messages|calls)\b/i,
  /\bleave\s+me\s+alone\b/i,
  /\blose\s+my\s+number\b/i,
  /\bno\s+me\s+(?:escribas|mandes|contactes|llames)\b/i,
  /\bya\s+no\s+me\s+(?:escriban|manden)\b/i,
];

export function keywordMeaning(body: string): KeywordMeaning {
  const whole = body
    .trim()
    .replace(/[.!]+$/u, '')
    .replace(/\s+/gu, '')
    .toUpperCase();
  if (optOut.has(whole)) return 'opt_out';
  if (optIn.has(whole)) return 'opt_in';
  if (help.has(whole)) return 'help';
  if (revocation.some((r) => r.test(body))) return 'revocation';
  return 'none';
}
