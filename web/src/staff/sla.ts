// How long a task has until its deadline, as a specialist reads it at a glance.

import { fill, type Language } from "../i18n";

export interface Countdown {
  text: string;
  overdue: boolean;
  minutes: number; // Until the deadline; negative when past it.
}

const words = {
  pl: { in: "za {t}", over: "po terminie o {t}", day: "{n} d", hour: "{n} h", minute: "{n} min", none: "bez terminu" },
  en: { in: "in {t}", over: "overdue by {t}", day: "{n} d", hour: "{n} h", minute: "{n} min", none: "no deadline" },
};

export function countdown(due: string | null, now: Date, language: Language): Countdown | null {
  if (!due) return null;
  const minutes = Math.floor((new Date(due).getTime() - now.getTime()) / 60000);
  const w = words[language];
  let left = Math.abs(minutes);
  const days = Math.floor(left / 1440);
  left -= days * 1440;
  const hours = Math.floor(left / 60);
  const mins = left - hours * 60;
  const parts =
    days > 0
      ? [fill(w.day, { n: days }), ...(hours > 0 ? [fill(w.hour, { n: hours })] : [])]
      : hours > 0
        ? [fill(w.hour, { n: hours }), ...(mins > 0 ? [fill(w.minute, { n: mins })] : [])]
        : [fill(w.minute, { n: mins })];
  const span = parts.join(" ");
  return { text: fill(minutes < 0 ? w.over : w.in, { t: span }), overdue: minutes < 0, minutes };
}

// Tasks by urgency: the overdue and the nearest deadlines first, those without one last.
export function byUrgency<T>(items: T[], dueOf: (item: T) => string | null): T[] {
  const key = (item: T) => {
    const due = dueOf(item);
    return due ? new Date(due).getTime() : Number.POSITIVE_INFINITY;
  };
  return [...items].sort((a, b) => key(a) - key(b));
}
