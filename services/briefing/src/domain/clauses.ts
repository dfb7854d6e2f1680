/** A piece of a message that says one thing, with its place in the message so it can be quoted verbatim. */
export interface Clause {
  text: string;
  start: number;
  end: number;
}

// Sentence ends (not the dot of "6.8" or "$1.2m"), new lines, semicolons, dashes between words, and " but "
// (an objection is often the half after it: "sounds good but the fees are high").
const boundary =
  /(?<!\d)[.!?]+(?=\s|$)|(?<=\d)[.!?]+(?=\s+[A-Za-z]|$)|[!?]+|\n+|;\s*|\s[-–—]\s|,?\s+but\s+|,?\s+and\s+(?=(?:i|we|my|our|he|she|they|it'?s)\s)|,?\s+(?=(?:if|unless|though|although)\s)|,\s*(?:and\s+)?(?:also|plus)\s+|\s+\.\.\.\s*/gi;

export function clausesOf(text: string): Clause[] {
  const out: Clause[] = [];
  let from = 0;
  const push = (start: number, end: number) => {
    let s = start;
    let e = end;
    while (s < e && /[\s,]/.test(text[s]!)) s++;
    while (e > s && /[\s,]/.test(text[e - 1]!)) e--;
    if (e - s >= 2) out.push({ text: text.slice(s, e), start: s, end: e });
  };
  for (const m of text.matchAll(boundary)) {
    // "my partner and I decide": a short subject joined by "and" is one clause, not two
    if (/^,?\s+and\s+$/i.test(m[0]) && wordCount(text.slice(from, m.index!)) < 4) continue;
    // a sentence's own ? or ! stays with it, so a question still reads as one
    const keep = /^[!?]+$/.test(m[0]) ? m[0].length : 0;
    push(from, m.index! + keep);
    from = m.index! + m[0].length;
  }
  push(from, text.length);
  return out;
}

/** Lower case, apostrophes and runs of spaces folded: what the lexicons match against. */
export const folded = (text: string) => text.toLowerCase().replace(/[’‘`]/g, "'").replace(/\s+/g, ' ');

export const isQuestion = (text: string) =>
  /\?\s*$/.test(text.trim()) ||
  /^(what|when|how|who|whom|which|where|why|are|is|do|does|did|can|could|would|will|have|has|any|anyone)\b/i.test(
    text.trim(),
  );

export const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;
