// The evaluation plays whole conversations through the detector and conversation-state's handoff policy, so it
// measures what a lead lives through (did the handoff come at the right turn?), not only per-message labels.
// It imports conversation-state's pure domain policy rather than copying it: a copy would drift from what the
// service decides, and the figure would then measure something no deployment runs. Evaluation code only; the
// signal-detector service itself never imports another service.
import { decideHandoff, defaultHandoffPolicy } from '../../../conversation-state/src/domain/handoff-policy';
import type { Reading, Turn } from '../domain/signal-engine.port';
import { parseContext, parseJsonLine } from './evaluation';

export interface Conversation {
  id: string;
  turns: Turn[];
  /** Index in `turns` of the lead turn at which the handoff is due; null when none is due. */
  handoffTurn: number | null;
}

export type Outcome = 'exact' | 'early' | 'late' | 'never';
export interface Played {
  id: string;
  due: number | null;
  handedOffAt: number | null;
  outcome: Outcome;
}

export function parseConversation(line: string, where: string): Conversation | undefined {
  const row = parseJsonLine(line, where);
  if (!row) return undefined;
  if (!Array.isArray(row.turns)) throw new Error(`${where}: no turns`);
  const due = row.handoff_turn;
  if (due !== null && due !== undefined && !(Number.isInteger(due) && (due as number) >= 0))
    throw new Error(`${where}: handoff_turn must be a turn index or null`);
  return {
    id: String(row.id ?? where),
    turns: parseContext(row.turns),
    handoffTurn: due === undefined ? null : (due as number | null),
  };
}

/** The first lead turn at which the policy (default thresholds, no rep on hand) hands off, or null. */
export function play(conversation: Conversation, read: (input: { text: string; context: Turn[] }) => Reading): Played {
  let handedOffAt: number | null = null;
  for (let i = 0; i < conversation.turns.length && handedOffAt === null; i++) {
    const turn = conversation.turns[i]!;
    if (turn.author !== 'lead') continue;
    const { detections } = read({ text: turn.text, context: conversation.turns.slice(0, i) });
    const decision = decideHandoff(detections, defaultHandoffPolicy, {
      repAvailable: false,
      withinBusinessHours: false,
      onLiveCall: false,
    });
    if (decision) handedOffAt = i;
  }
  return {
    id: conversation.id,
    due: conversation.handoffTurn,
    handedOffAt,
    outcome: outcomeOf(conversation.handoffTurn, handedOffAt),
  };
}

/**
 * With a handoff due: exact at the due turn, early before it, late after it, never if it never came.
 * With none due (handoff_turn null): exact when no handoff came, early when one came (a handoff nobody needed
 * comes before a due turn that never arrives).
 */
export function outcomeOf(due: number | null, handedOffAt: number | null): Outcome {
  if (due === null) return handedOffAt === null ? 'exact' : 'early';
  if (handedOffAt === null) return 'never';
  return handedOffAt === due ? 'exact' : handedOffAt < due ? 'early' : 'late';
}

export function tally(played: Played[]): {
  exact: number;
  early: number;
  late: number;
  never: number;
  conversations: number;
} {
  const count = (o: Outcome) => played.filter((p) => p.outcome === o).length;
  return {
    exact: count('exact'),
    early: count('early'),
    late: count('late'),
    never: count('never'),
    conversations: played.length,
  };
}
