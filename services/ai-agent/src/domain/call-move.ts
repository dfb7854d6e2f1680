/**
 * The agent's call move: a lead who asks in the thread to be called ("can you call me?", "give me a ring") gets an
 * AI call, requested from the gateway, which places it only under the call rules (call consent, opt-out, quiet
 * hours, per-state limits) and records a refusal otherwise. Asked only on a qualify turn: never during a handoff.
 */
const asks = [
  /\b(?:can|could|would|will)\s+(?:you|u|someone|somebody)\s+(?:please\s+)?(?:call|ring|phone)\s+me\b/i,
  /\b(?:please\s+)?(?:call|ring|phone)\s+me\b(?!\s+(?:back\s+)?(?:later|tomorrow|next|on|at|in)\b)/i,
  /\bgive\s+me\s+a\s+(?:call|ring)\b/i,
  /\bi(?:'d| would)\s+(?:rather|prefer)\s+(?:a\s+)?(?:call|talk\s+on\s+the\s+phone)\b/i,
];
const refuses = /\b(?:don'?t|do\s+not|never|no)\s+(?:\w+\s+)?(?:call|ring|phone)/i;

export function asksForACall(text: string): boolean {
  return !refuses.test(text) && asks.some((p) => p.test(text));
}
