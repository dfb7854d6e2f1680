import type { Replay } from '../adapters/conversation-replay';
import type { Timeline } from '../domain/timeline';

const escape = (value: unknown) =>
  String(value ?? '').replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The timeline as a page an auditor reads: who drove it, then every entry in time order, then the comparisons. */
export function timelinePage(
  t: Timeline & { comparison: { live: Replay['live']; auditLog: Replay['auditLog'] }; ok: boolean },
): string {
  const rows = t.entries
    .map(
      (e) =>
        `<tr class="${escape(e.from)}"><td>${escape(e.at)}</td><td>${escape(e.who)}</td><td>${escape(e.what)}${
          e.signals?.length
            ? `<ul>${e.signals.map((s) => `<li>${escape(s.signal)} ${escape(s.confidence)}: &ldquo;${escape(s.evidence)}&rdquo; (${escape(s.detector)})</li>`).join('')}</ul>`
            : ''
        }</td>` +
        `<td>${escape(e.why)}</td><td>${escape(e.driver ?? '')}</td><td>${escape(e.from)}${e.erased?.length ? ' (erased fields)' : ''}</td></tr>`,
    )
    .join('\n');
  const drivers = t.drivers
    .map((d) => `<li><b>${escape(d.driver)}</b> from ${escape(d.from)}, by ${escape(d.by)}: ${escape(d.cause)}</li>`)
    .join('');
  const live = t.comparison.live;
  const audit = t.comparison.auditLog;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Conversation ${escape(t.conversationId)}</title>
<style>body{font:14px system-ui,sans-serif;margin:2em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
tr.audit-log td{color:#333;background:#fafafa}.ok{color:#176f2c}.bad{color:#b00020}</style></head><body>
<h1>Conversation ${escape(t.conversationId)}</h1><p>Tenant ${escape(t.tenantId)}. Now driven by <b>${escape(t.state.driver)}</b>${t.state.repId ? ` (rep ${escape(t.state.repId)})` : ''}.
<span class="${t.ok ? 'ok' : 'bad'}">${t.ok ? 'Replay matches the live state and the audit log.' : 'Replay found differences (below).'}</span></p>
<h2>Who drove it</h2><ul>${drivers}</ul>
<h2>Timeline</h2><table><thead><tr><th>when</th><th>who</th><th>what</th><th>why</th><th>driver after</th><th>from</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Comparisons</h2><p>Live state: ${live.compared ? (live.mismatches.length ? `<span class="bad">${live.mismatches.map((m) => `${escape(m.field)}: replayed ${escape(JSON.stringify(m.replayed))}, live ${escape(JSON.stringify(m.live))}`).join('; ')}</span>` : '<span class="ok">the same</span>') : `not compared (${escape(live.reason)})`}.</p>
<p>Audit log: ${escape(audit.facts)} facts; missing ${escape(audit.missing.length)}, differing ${escape(audit.differing.length)}, not in the stream ${escape(audit.notInStream.length)}.</p>
</body></html>`;
}
