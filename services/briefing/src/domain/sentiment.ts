import { folded } from './clauses';
import type { BriefFields, Turn } from './brief-input';
import { sentimentWords } from './lexicon';

type Sentiment = BriefFields['sentiment'];

/** One lead message's tone, -1 to 1, with the word for it. */
export function toneOf(text: string): { score: number; label: string } {
  const f = folded(text);
  let score = 0;
  let label = 'neutral';
  let strongest = 0;
  for (const w of sentimentWords) {
    if (!w.pattern.test(f)) continue;
    score += w.score;
    if (Math.abs(w.score) > strongest) {
      strongest = Math.abs(w.score);
      label = w.label;
    }
  }
  // shouting and piles of ! or ? sharpen what the words say
  const letters = text.replace(/[^A-Za-z]/g, '');
  if (letters.length >= 8 && letters === letters.toUpperCase()) {
    score -= 0.3;
    if (label === 'neutral') label = 'frustrated';
  }
  if (/[!?]{3,}/.test(text) && score < 0) score -= 0.2;
  if (/(:\)|😊|🙂|😀|😁|👍|🙏|❤️|🎉)/u.test(text)) {
    score += 0.3;
    if (label === 'neutral') label = 'positive';
  }
  if (/(😡|😤|🙄|😠|🤬)/u.test(text)) {
    score -= 0.5;
    label = 'frustrated';
  }
  const clamped = Math.max(-1, Math.min(1, Math.round(score * 100) / 100));
  if (clamped === 0) label = 'neutral';
  return { score: clamped, label };
}

/** The lead's tone across the conversation: each message, and the arc from start to end in a few words. */
export function sentimentOf(turns: Turn[]): Sentiment {
  const points = turns.filter((t) => t.author === 'lead').map((t) => ({ messageId: t.id, ...toneOf(t.text) }));
  if (points.length === 0) return { trajectory: 'no lead messages yet', points };
  // the arc of thirds: where they started, the low or high point in between, where they are now
  const third = Math.max(1, Math.ceil(points.length / 3));
  const phase = (slice: typeof points) => {
    const marked = slice.filter((p) => p.label !== 'neutral');
    if (marked.length === 0) return 'neutral';
    return marked.reduce((a, b) => (Math.abs(b.score) >= Math.abs(a.score) ? b : a)).label;
  };
  const phases = [
    phase(points.slice(0, third)),
    phase(points.slice(third, third * 2)),
    phase(points.slice(third * 2)),
  ].filter((p, i, all) => i === 0 || (p !== all[i - 1] && points.length > i * third));
  return { trajectory: phases.join(' -> '), points };
}
