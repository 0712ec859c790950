// The public API of the knowledge base (GET /api/v1/public/faq ...).

import type { Language } from "./i18n";

export interface FaqArticle {
  id: number;
  language: Language;
  title: string;
  snippet: string;
  html?: string; // Safe HTML rendered by the server (cmark, raw HTML dropped).
}

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as T;
}

// Articles for what the resident is typing (the last word may be unfinished).
export async function searchFaq(
  query: string,
  language: Language,
  signal?: AbortSignal,
): Promise<FaqArticle[]> {
  const params = new URLSearchParams({ q: query, lang: language, typing: "1", limit: "8" });
  const body = await json<{ articles: FaqArticle[] }>(
    await fetch(`/api/v1/public/faq?${params}`, { signal }),
  );
  return body.articles;
}

export async function listFaq(language: Language): Promise<FaqArticle[]> {
  const body = await json<{ articles: FaqArticle[] }>(
    await fetch(`/api/v1/public/faq?lang=${language}&limit=500`),
  );
  return body.articles;
}

export async function getArticle(id: number, language: Language): Promise<FaqArticle> {
  return json<FaqArticle>(await fetch(`/api/v1/public/faq/${id}?lang=${language}`));
}

export async function vote(id: number, helpful: boolean): Promise<void> {
  await json<unknown>(
    await fetch(`/api/v1/public/faq/${id}/votes`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ helpful }),
    }),
  );
}

export interface TimelineEntry {
  at: string;
  kind: string;
  status: string;
  status_label: string;
  note: string;
  media_urls: string[];
}

export interface TrackedCase {
  number: string;
  time_zone: string;
  service_name: string;
  status: string;
  status_label: string;
  status_notes: string;
  address: string;
  requested_at: string;
  expected_at: string | null;
  media_urls: string[];
  merged_into: string | null;
  timeline: TimelineEntry[];
}

// A case by its number as the resident typed it (any case, with or without the dash); null
// when there is none.
export async function trackCase(number: string, language: Language): Promise<TrackedCase | null> {
  const response = await fetch(
    `/api/v1/public/cases/${encodeURIComponent(number.trim())}?lang=${language}`,
  );
  if (response.status === 404) return null;
  return json<TrackedCase>(response);
}

// A time in the city's zone, in the resident's language.
export function cityTime(iso: string, timeZone: string, language: Language): string {
  return new Intl.DateTimeFormat(language === "en" ? "en-GB" : "pl-PL", {
    timeZone,
    dateStyle: "long",
    timeStyle: "short",
  }).format(new Date(iso));
}
