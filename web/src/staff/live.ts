// The supervisors' live figures: what a tile shows and when it calls for attention.

export interface QueueLive {
  queue: string;
  waiting: number;
  longest_wait_s: number;
  offered: number;
  answered: number;
  abandoned: number;
  abandon_rate: number | null;
  service_level: number | null;
  average_speed_of_answer_s: number | null;
}

export interface AgentLive {
  username: string;
  state: string;
  reason: string;
  in_state_s: number;
  handled: number;
  connected: boolean;
}

export interface Live {
  type: "live";
  at: string;
  queues: QueueLive[];
  agents: AgentLive[];
  agents_by_state: Record<string, number>;
  occupancy: number | null;
}

export interface QueueTarget {
  id: string;
  service_level_seconds: number;
  service_level_share: number;
}

export type AlertKind = "wait" | "service_level" | "abandon";

export interface Alert {
  queue: string;
  kind: AlertKind;
  value: number;
  limit: number;
}

// The share of callers who may give up before an alert.
export const kAbandonLimit = 0.1;

// The thresholds each queue crosses now: a caller waiting longer than the service-level time,
// the service level under its target, too many callers giving up. Queues with nothing offered
// yet have no service level to judge.
export function alertsOf(queues: QueueLive[], targets: QueueTarget[]): Alert[] {
  const out: Alert[] = [];
  for (const q of queues) {
    const target = targets.find((t) => t.id === q.queue);
    if (!target) continue;
    if (q.waiting > 0 && q.longest_wait_s > target.service_level_seconds) {
      out.push({ queue: q.queue, kind: "wait", value: q.longest_wait_s, limit: target.service_level_seconds });
    }
    if (q.service_level !== null && q.offered > 0 && q.service_level < target.service_level_share) {
      out.push({ queue: q.queue, kind: "service_level", value: q.service_level, limit: target.service_level_share });
    }
    if (q.abandon_rate !== null && q.offered > 0 && q.abandon_rate > kAbandonLimit) {
      out.push({ queue: q.queue, kind: "abandon", value: q.abandon_rate, limit: kAbandonLimit });
    }
  }
  return out;
}

// Seconds as a wallboard shows them: 0:07, 12:30, 1:02:03.
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

export function percent(share: number | null): string {
  return share === null ? "—" : `${Math.round(share * 100)}%`;
}

// Midnight of `now`'s day in the city's time zone, as an instant.
export function startOfDay(now: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(now)
      .map((p) => [p.type, Number(p.value)]),
  );
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  const offset = asUtc - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(parts.year, parts.month - 1, parts.day) - offset);
}
