// How the lead-reply reader does on the phrasing tables: the tuned table, and the held-out one apart.
// Usage: npm run eval:slot-replies -- [--json]
import { readSlotReply } from '../services/scheduling/src/domain/lead-reply';
import {
  heldOut,
  offerContext,
  offered,
  picks,
  type Expected,
} from '../services/scheduling/src/domain/lead-reply.fixtures';

function score(table: [string, Expected][]) {
  let right = 0;
  const wrongBookings: string[] = [];
  const asked: string[] = [];
  for (const [text, expected] of table) {
    const reply = readSlotReply(text, offered, offerContext);
    const same =
      reply.kind === expected.kind &&
      (reply.kind !== 'pick' || (expected.kind === 'pick' && reply.index === expected.index));
    if (same) right++;
    else if (reply.kind === 'pick' || reply.kind === 'either') wrongBookings.push(text);
    else asked.push(text);
  }
  return {
    phrasings: table.length,
    readRight: right,
    accuracy: Number((right / table.length).toFixed(3)),
    wrongBookings,
    askedAgainOrOther: asked,
  };
}

const report = { tuned: score(picks), heldOut: score(heldOut) };
process.stdout.write(
  process.argv.includes('--json') ? `${JSON.stringify(report)}\n` : `${JSON.stringify(report, null, 2)}\n`,
);
