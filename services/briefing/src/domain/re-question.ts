import { clausesOf, folded, isQuestion } from './clauses';
import type { BriefInput, CitedFact, ExtractedFields, ListSection, RequestionedField, Turn } from './brief-input';
import { extractFields } from './extractive-engine';
import { topicOfQuestion, type Topic } from './lexicon';
import { statedValues } from './quantities';

/**
 * The field name a re-question is recorded under: the evaluation's field words, with the slot where the
 * section holds several ("financial_profile.credit_score", "specifics.loan"). Budget is its own field.
 */
export function fieldName(section: ListSection, slot?: string): string {
  if (section === 'financialProfile')
    return slot === 'budget' ? 'budget' : `financial_profile${slot ? `.${slot}` : ''}`;
  if (section === 'specifics') return `specifics${slot ? `.${slot}` : ''}`;
  const names: Record<string, string> = {
    need: 'need',
    timeline: 'timeline',
    decisionMakers: 'decision_maker',
    objections: 'objection',
    competitors: 'competitor',
    contactPreference: 'contact_preference',
  };
  return names[section]!;
}

function knownFor(topic: Topic, fields: ExtractedFields): CitedFact | undefined {
  const items = fields[topic.section];
  if (topic.section === 'financialProfile' || topic.section === 'specifics') {
    if (!topic.slot) return undefined; // "tell me about the house" is not a question the brief answers with one value
    return items.find((f) => f.slot === topic.slot || (topic.slot === 'energy_bill' && f.slot === 'energy'));
  }
  return items[0];
}

// "you said 748, right?", "just to confirm", "still closing on the 13th?": checking what the brief says is reading it
const confirming =
  /\b(you (said|mentioned|told|wrote)|just to (confirm|double[- ]check|make sure)|confirm(ing)?|correct\?|right\?|is that (right|correct|still)|still)\b/;

/**
 * What a rep's message asks for that the lead already said before it: one record per field, with the lead
 * message that said it and the value. A question that repeats the known value back is a confirmation, not a re-question.
 */
export function reQuestionsIn(
  message: Turn,
  input: Omit<BriefInput, 'turns' | 'reQuestions'> & { turns: Turn[] },
): RequestionedField[] {
  if (message.author !== 'rep') return [];
  const earlier = input.turns.filter((t) => t.id !== message.id && t.at <= message.at);
  if (!earlier.some((t) => t.author === 'lead')) return [];
  const fields = extractFields({ ...input, turns: earlier, reQuestions: [] });
  const out: RequestionedField[] = [];
  for (const clause of clausesOf(message.text)) {
    if (!isQuestion(clause.text)) continue;
    const f = folded(clause.text);
    if (confirming.test(f)) continue;
    const topic = topicOfQuestion(f);
    if (!topic) continue;
    const known = knownFor(topic, fields);
    if (!known) continue;
    const numbers = statedValues(known.quote);
    if (numbers.length > 0 && statedValues(clause.text).some((n) => numbers.includes(n))) continue;
    const field = fieldName(topic.section, topic.slot ?? known.slot);
    if (out.some((o) => o.field === field)) continue;
    out.push({
      ...(message.repId ? { repId: message.repId } : {}),
      field,
      askedMessageId: message.id,
      knownMessageId: known.messageId,
      knownValue: known.value,
    });
  }
  return out;
}
