import { useCallback, useEffect, useState } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { KpiRow } from '../api';
import { useConsole, useLiveReload } from '../console-context';

const percent = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
const shown = (v: number | null | undefined, unit: string) =>
  v === null || v === undefined ? '—' : `${Math.round(v * 10) / 10}${unit}`;
const seconds = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** The handoff KPIs from GET /v1/kpis: the window's totals and a chart per day. */
export function KpisPage() {
  const { api } = useConsole();
  const [days, setDays] = useState(14);
  const [total, setTotal] = useState<KpiRow>();
  const [byDay, setByDay] = useState<KpiRow[]>([]);
  const [error, setError] = useState<string>();
  const load = useCallback(async () => {
    const to = new Date();
    const from = new Date(to.getTime() - days * 24 * 3600_000);
    const window = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    try {
      const [all, daily] = await Promise.all([
        api.get<{ rows: KpiRow[] }>(`/v1/kpis?${window}`),
        api.get<{ rows: KpiRow[] }>(`/v1/kpis?${window}&groupBy=day`),
      ]);
      setTotal(all.rows[0]);
      setByDay(daily.rows.sort((a, b) => String(a.group.day).localeCompare(String(b.group.day))));
      setError(undefined);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [api, days]);
  useEffect(() => {
    void load();
  }, [load]);
  useLiveReload(
    () => void load(),
    (e) => e.kind === 'fact' && ['handoff.triggered', 'human.took-over', 'meeting.unlinked'].includes(e.fact.name),
  );

  const rates = byDay.map((r) => ({
    day: r.group.day,
    'Handoff rate': percent(r.handoffRate),
    'Show rate': percent(r.showRate),
    'Re-question rate': percent(r.reQuestionRate),
  }));
  const speed = byDay.map((r) => ({
    day: r.group.day,
    'Median (s)': seconds(r.engagement.p50Seconds),
    '90th percentile (s)': seconds(r.engagement.p90Seconds),
  }));
  return (
    <div className="page kpis">
      <h1>KPIs</h1>
      <label>
        Window
        <select value={days} onChange={(e) => setDays(Number(e.target.value))}>
          <option value={7}>7 days</option>
          <option value={14}>14 days</option>
          <option value={30}>30 days</option>
          <option value={90}>90 days</option>
        </select>
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {total && (
        <dl className="tiles" aria-label="Totals for the window">
          <div>
            <dt>Handoff rate</dt>
            <dd>{shown(percent(total.handoffRate), '%')}</dd>
            <dd className="meta">
              {total.handoffs} of {total.conversations} conversations
            </dd>
          </div>
          <div>
            <dt>Trigger to rep, median</dt>
            <dd>{shown(total.engagement.p50Seconds, ' s')}</dd>
            <dd className="meta">90th: {shown(total.engagement.p90Seconds, ' s')}</dd>
          </div>
          <div>
            <dt>Show rate</dt>
            <dd>{shown(percent(total.showRate), '%')}</dd>
            <dd className="meta">
              {total.meetings.attended} attended, {total.meetings.noShow} no-show
            </dd>
          </div>
          <div>
            <dt>Re-question rate</dt>
            <dd>{shown(percent(total.reQuestionRate), '%')}</dd>
          </div>
        </dl>
      )}
      <section className="card chart" aria-label="Rates per day, in percent">
        <h2>Rates per day (%)</h2>
        <ResponsiveContainer width="100%" height={260}>
          <BarChart data={rates}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis unit="%" domain={[0, 100]} />
            <Tooltip />
            <Legend />
            <Bar dataKey="Handoff rate" fill="#2563eb" isAnimationActive={false} />
            <Bar dataKey="Show rate" fill="#16a34a" isAnimationActive={false} />
            <Bar dataKey="Re-question rate" fill="#d97706" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </section>
      <section className="card chart" aria-label="Trigger to rep time per day, in seconds">
        <h2>Trigger to rep (seconds)</h2>
        <ResponsiveContainer width="100%" height={260}>
          <LineChart data={speed}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" />
            <YAxis />
            <Tooltip />
            <Legend />
            <Line
              type="monotone"
              dataKey="Median (s)"
              stroke="#2563eb"
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              type="monotone"
              dataKey="90th percentile (s)"
              stroke="#9333ea"
              strokeWidth={2}
              connectNulls
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </section>
    </div>
  );
}
