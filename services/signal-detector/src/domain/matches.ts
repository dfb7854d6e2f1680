/**
 * Every match of a global pattern, as `text.matchAll(pattern)` finds them, but run on the pattern object itself.
 *
 * Why: `matchAll` (like `split`) clones its RegExp, and a clone takes its compiled code from V8's compilation cache,
 * which every major collection empties. The detector's Unicode, case-insensitive patterns were then compiled again,
 * about 1 ms each, after nearly every collection: 15-30 ms a message in the embedded platform, where collections are
 * frequent. A pattern object keeps its code across collections.
 */
export function matchesOf(pattern: RegExp, text: string): RegExpExecArray[] {
  if (!pattern.global) throw new TypeError(`matchesOf needs a global pattern: ${pattern}`);
  const found: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    found.push(m);
    // an empty match moves on by one character (a whole surrogate pair under /u), as matchAll does
    if (m[0].length === 0) pattern.lastIndex += pattern.unicode && (text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1;
  }
  pattern.lastIndex = 0;
  return found;
}
