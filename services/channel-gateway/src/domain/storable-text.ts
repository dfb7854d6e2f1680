import { unsafeText } from '@baton/contracts';

// 'g' without 'u': a surrogate is matched as one UTF-16 unit, as the format checks it.
const unsafeEverywhere = new RegExp(unsafeText.source, 'g');

/**
 * A lead's text as every store can hold it: NUL, the C0 controls but tab and newlines, noncharacters and
 * unpaired surrogates (what the `text` format of the contracts refuses) become U+FFFD, and how many did.
 */
export function storableText(text: string): { text: string; replaced: number } {
  let replaced = 0;
  const out = text.replace(unsafeEverywhere, () => {
    replaced++;
    return '\uFFFD';
  });
  return { text: out, replaced };
}
