import type { Brief, CitedFact, Turn } from './brief-input';

// The brief as a rep reads it: summary and opening line first, then each field with the lead's words and the
// message they are in. Everything the lead wrote is escaped, so a message cannot add links or markup.

const escape = (text: string) =>
  text
    .replace(/([\\`*_{}[\]()#!|<>~])/g, '\\$1')
    .replace(/\r?\n/g, ' ')
    .replace(/^([-+]|\d+\.)(\s)/, '\\$1$2');
const signalWords: Record<string, string> = {
  explicit_request: 'asked for a person',
  high_intent: 'high buying intent',
  out_of_confidence: 'a question outside what the AI may answer',
  sentiment_shift: 'sentiment shift',
};

const fact = (f: CitedFact) => {
  const label = f.slot ? `**${escape(f.slot.replace(/_/g, ' '))}:** ` : '';
  const corrected = f.previous
    ? ` (corrected from ${escape(f.previous.value)}, message ${escape(f.previous.messageId)})`
    : '';
  const urgency = f.urgency ? ` [urgency ${f.urgency}]` : '';
  return `- ${label}${escape(f.value)}${corrected}${urgency}\n  > "${escape(f.quote)}" (message ${escape(f.messageId)})`;
};
const section = (title: string, facts: CitedFact[]) =>
  facts.length === 0 ? [] : [`## ${title}`, '', ...facts.map(fact), ''];

export function briefMarkdown(brief: Brief, links: { transcriptUrl: string }, transcript?: Turn[]): string {
  const f = brief.fields;
  const lead = f.lead;
  const lines = [
    `# Brief: ${escape(lead.name?.value ?? lead.phone)}`,
    '',
    `${brief.status === 'final' ? 'Final' : 'Draft'}, version ${brief.version}, built ${brief.builtAt} by the ${brief.engine} engine.`,
    '',
    '## Summary',
    '',
    escape(brief.summary),
    '',
    `**Open with:** ${escape(brief.openingLine)}`,
    '',
    ...(brief.spokenSummary ? [`**Whisper (warm transfer):** ${escape(brief.spokenSummary)}`, ''] : []),
    ...(f.reQuestions.length > 0
      ? [
          '## Already answered (asked again)',
          '',
          ...f.reQuestions.map(
            (r) =>
              `- **${escape(r.field)}:** the lead already said ${escape(r.knownValue)} (message ${escape(r.knownMessageId)}); asked again in message ${escape(r.askedMessageId)}`,
          ),
          '',
        ]
      : []),
    '## Lead',
    '',
    `- **phone:** ${escape(lead.phone)}${lead.timezone ? ` (${escape(lead.timezone)})` : ''}${lead.state ? `, ${escape(lead.state)}` : ''}`,
    ...(lead.name ? [`- **name:** ${escape(lead.name.value)} (message ${escape(lead.name.messageId)})`] : []),
    ...(lead.email ? [`- **email:** ${escape(lead.email.value)} (message ${escape(lead.email.messageId)})`] : []),
    `- **source:** ${escape(f.source.channel ?? 'unknown channel')}${f.source.batonNumber ? ` to ${escape(f.source.batonNumber)}` : ''}${f.source.firstContactAt ? `, first message ${f.source.firstContactAt}` : ''}`,
    ...(f.source.referral
      ? [`- **came from:** "${escape(f.source.referral.quote)}" (message ${escape(f.source.referral.messageId)})`]
      : []),
    '',
    ...(f.needsMost ? ['## Needs most', '', fact(f.needsMost), ''] : []),
    ...section('Need', f.need),
    ...section(`Timeline (urgency ${f.urgency})`, f.timeline),
    ...section('Specifics', f.specifics),
    ...section('Financial profile (self-reported)', f.financialProfile),
    ...section('Decision makers', f.decisionMakers),
    ...section('Objections', f.objections),
    ...section('Competitors', f.competitors),
    ...section('Contact preference', f.contactPreference),
    '## Sentiment',
    '',
    escape(f.sentiment.trajectory),
    '',
    ...(f.handoff
      ? [
          '## Why the handoff happened',
          '',
          ...(f.handoff.reasons.length === 0
            ? ['- a rep took over the thread']
            : f.handoff.reasons.map(
                (r) =>
                  `- ${signalWords[r.signal] ?? r.signal} (confidence ${r.confidence.toFixed(2)}, ${escape(r.detector)}): "${escape(r.evidence)}"${r.messageId ? ` (message ${escape(r.messageId)})` : ''}`,
              )),
          ...(f.handoff.mode ? [`- mode: ${f.handoff.mode.replace(/_/g, ' ')}`] : []),
          '',
        ]
      : []),
    ...(f.rep
      ? [`**Rep:** ${escape(f.rep.name ?? f.rep.repId)}${f.meeting ? `; meeting ${f.meeting.start}` : ''}`, '']
      : []),
    ...(transcript
      ? [
          '## Transcript',
          '',
          ...transcript.map((t) => `- **${t.author}** ${t.at} (${escape(t.id)}): ${escape(t.text)}`),
          '',
        ]
      : [`Full transcript: ${links.transcriptUrl}`, '']),
  ];
  return lines.join('\n');
}
