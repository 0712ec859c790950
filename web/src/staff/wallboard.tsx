// The supervisors' wallboard: per-queue tiles (waiting, longest wait, service level, abandonment)
// and agents by state, live over the console's WebSocket (a snapshot a second); the agents with
// their state and time in it; today's volume, service level and abandonment per interval
// (uPlot); the cases at risk of missing their deadline; alerts when a queue crosses a threshold.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { getPortal } from "../api";
import type { Language } from "../i18n";
import { useLoaded } from "../page";
import { casesAt, contactSetup, intervals, type IntervalRow, type Setup } from "./api";
import { alertsOf, clock, percent, startOfDay, type Alert, type Live } from "./live";
import { countdown } from "./sla";
import { useSocket } from "./socket";
import { st, type StaffKey } from "./texts";

export function Wallboard({ language }: { language: Language }) {
  const [live, setLive] = useState<Live | null>(null);
  const { connected } = useSocket<{ type: string } & Partial<Live>>((m) => {
    if (m.type === "live") setLive(m as Live);
  });
  const { value: setup } = useLoaded(contactSetup, []);
  const { value: portal } = useLoaded(() => getPortal(language), [language]);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 60000);
    return () => clearInterval(timer);
  }, []);
  const { value: risk } = useLoaded(
    () => Promise.all([casesAt("breached"), casesAt("at_risk")]).then(([a, b]) => [...a, ...b]),
    [tick],
  );

  const alerts = useMemo<Alert[]>(
    () =>
      live && setup
        ? alertsOf(
            live.queues,
            setup.queues.map((q) => ({ id: q.id, service_level_seconds: q.service_level_seconds, service_level_share: q.service_level_share })),
          )
        : [],
    [live, setup],
  );
  const name = (id: string) => setup?.queues.find((q) => q.id === id)?.name[language] ?? id;
  const alertText = (a: Alert) =>
    a.kind === "wait"
      ? st("alertWait", language, { q: name(a.queue), t: clock(a.value), l: a.limit })
      : a.kind === "service_level"
        ? st("alertServiceLevel", language, { q: name(a.queue), v: percent(a.value), l: percent(a.limit) })
        : st("alertAbandon", language, { q: name(a.queue), v: percent(a.value), l: percent(a.limit) });

  return (
    <section aria-labelledby="wallboard-heading" class="wallboard">
      <h1 id="wallboard-heading">{st("wallboardHeading", language)}</h1>
      {!connected && <p role="alert">{st("connection", language)}</p>}
      <div role="alert" class="alerts">
        {alerts.map((a) => (
          <p key={`${a.queue}-${a.kind}`} class="alert">
            {alertText(a)}
          </p>
        ))}
      </div>
      {live && (
        <>
          <ul class="tiles" aria-label={st("queuesLabel", language)}>
            {live.queues.map((q) => (
              <li key={q.queue} class="tile" data-queue={q.queue}>
                <h2>{name(q.queue)}</h2>
                <dl>
                  <div>
                    <dt>{st("waiting", language)}</dt>
                    <dd class="waiting">{q.waiting}</dd>
                  </div>
                  <div>
                    <dt>{st("longestWait", language)}</dt>
                    <dd>{clock(q.longest_wait_s)}</dd>
                  </div>
                  <div>
                    <dt>{st("serviceLevel", language)}</dt>
                    <dd>{percent(q.offered > 0 ? q.service_level : null)}</dd>
                  </div>
                  <div>
                    <dt>{st("abandonment", language)}</dt>
                    <dd>{percent(q.offered > 0 ? q.abandon_rate : null)}</dd>
                  </div>
                  <div>
                    <dt>{st("offeredCount", language)}</dt>
                    <dd class="offered">{q.offered}</dd>
                  </div>
                  <div>
                    <dt>{st("answeredCount", language)}</dt>
                    <dd class="answered">{q.answered}</dd>
                  </div>
                  <div>
                    <dt>{st("abandonedCount", language)}</dt>
                    <dd class="abandoned">{q.abandoned}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
          <h2>{st("agentsHeading", language)}</h2>
          <p class="by-state">
            {Object.entries(live.agents_by_state).map(([state, n]) => (
              <span key={state}>
                {st((`a_${state}`) as StaffKey, language)}: <strong>{n}</strong>{" "}
              </span>
            ))}
          </p>
          <table class="queue">
            <thead>
              <tr>
                <th scope="col">{st("username", language)}</th>
                <th scope="col">{st("agentState", language)}</th>
                <th scope="col">{st("inState", language)}</th>
                <th scope="col">{st("handled", language)}</th>
              </tr>
            </thead>
            <tbody>
              {live.agents.map((a) => (
                <tr key={a.username}>
                  <td>{a.username}</td>
                  <td>
                    {st((`a_${a.state}`) as StaffKey, language)}
                    {a.reason && ` (${a.reason})`}
                  </td>
                  <td>{clock(a.in_state_s)}</td>
                  <td>{a.handled}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {setup && portal && <TodayChart setup={setup} zone={portal.time_zone} language={language} tick={tick} />}
      <h2>{st("riskHeading", language)}</h2>
      {risk && risk.length === 0 && <p>{st("noRisk", language)}</p>}
      <ul class="plain">
        {(risk ?? []).map((c) => {
          const due = c.tasks.map((t) => t.due_at).filter((d): d is string => !!d).sort()[0] ?? null;
          return (
            <li key={c.number}>
              <strong>{c.number}</strong> {c.service_code} — {c.address} — {countdown(due, new Date(), language)?.text ?? ""}{" "}
              ({c.tasks.map((t) => t.department).join(", ")})
            </li>
          );
        })}
      </ul>
    </section>
  );
}

// Today's offered, answered and abandoned contacts and the service level, per interval.
function TodayChart(props: { setup: Setup; zone: string; language: Language; tick: number }) {
  const { setup, zone, language, tick } = props;
  const [queue, setQueue] = useState(setup.queues[0]?.id ?? "");
  const { value: rows } = useLoaded<IntervalRow[]>(
    () => intervals(queue, startOfDay(new Date(), zone), new Date()),
    [queue, tick],
  );
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current || !rows) return;
    const x = rows.map((r) => new Date(r.start).getTime() / 1000);
    const plot = new uPlot(
      {
        width: Math.max(320, box.current.clientWidth),
        height: 240,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), zone),
        series: [
          {},
          { label: st("offeredCount", language), stroke: "#0b4f8a", width: 2 },
          { label: st("answeredCount", language), stroke: "#1b7a3a", width: 2 },
          { label: st("abandonedCount", language), stroke: "#b00020", width: 2 },
          { label: st("serviceLevel", language), stroke: "#6a4c93", width: 2, dash: [6, 4], scale: "%" },
        ],
        axes: [{}, {}, { scale: "%", side: 1, grid: { show: false } }],
        scales: { "%": { range: [0, 100] } },
      },
      [
        x,
        rows.map((r) => r.offered),
        rows.map((r) => r.answered),
        rows.map((r) => r.abandoned),
        rows.map((r) => (r.service_level === null ? null : Math.round(r.service_level * 100))),
      ],
      box.current,
    );
    return () => plot.destroy();
  }, [rows, language]);

  return (
    <section aria-labelledby="chart-heading">
      <h2 id="chart-heading">{st("todayHeading", language)}</h2>
      <label for="chart-queue">{st("queue", language)}</label>
      <select id="chart-queue" value={queue} onChange={(e) => setQueue((e.target as HTMLSelectElement).value)}>
        {setup.queues.map((q) => (
          <option key={q.id} value={q.id}>
            {q.name[language]}
          </option>
        ))}
      </select>
      <div ref={box} class="chart" role="img" aria-label={st("todayHeading", language)} />
      <details>
        <summary>{st("asTable", language)}</summary>
        <table class="queue">
          <thead>
            <tr>
              <th scope="col">{st("interval", language)}</th>
              <th scope="col">{st("offeredCount", language)}</th>
              <th scope="col">{st("answeredCount", language)}</th>
              <th scope="col">{st("abandonedCount", language)}</th>
              <th scope="col">{st("serviceLevel", language)}</th>
            </tr>
          </thead>
          <tbody>
            {(rows ?? []).map((r) => (
              <tr key={r.start}>
                <td>
                  {new Intl.DateTimeFormat(language === "en" ? "en-GB" : "pl-PL", { timeZone: zone, timeStyle: "short" }).format(new Date(r.start))}
                </td>
                <td>{r.offered}</td>
                <td>{r.answered}</td>
                <td>{r.abandoned}</td>
                <td>{percent(r.service_level)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
