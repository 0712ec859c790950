// The public API of the knowledge base (GET /api/v1/public/faq ...).

import type { Service } from "./categories";
import type { Language } from "./i18n";
import type { PendingReport } from "./outbox";

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

// --- Reporting ------------------------------------------------------------------------------

export interface Portal {
  jurisdiction_id: string;
  name: string;
  time_zone: string;
  center: [number, number];
  bounds?: { south: number; west: number; north: number; east: number };
  tile_url: string;
  tile_attribution: string;
  max_photos: number;
  chat: boolean;
  consent?: { version: string; text: string };
  // Every city (the portal reports to its own; staff register cases in any they serve).
  cities: { jurisdiction_id: string; name: string; time_zone: string; center: [number, number]; bounds?: Portal["bounds"] }[];
}

export async function getPortal(language: Language): Promise<Portal> {
  return json<Portal>(await fetch(`/api/v1/public/portal?lang=${language}`));
}

export async function listServices(portal: Portal, language: Language): Promise<Service[]> {
  const params = new URLSearchParams({ jurisdiction_id: portal.jurisdiction_id, locale: language });
  return json<Service[]>(await fetch(`/open311/v2/services.json?${params}`));
}

export interface Attribute {
  code: string;
  datatype: "string" | "number" | "datetime" | "text" | "singlevaluelist" | "multivaluelist";
  required: boolean;
  description: string;
  order: number;
  values: { key: string; name: string }[];
}

export async function serviceQuestions(portal: Portal, code: string, language: Language): Promise<Attribute[]> {
  const params = new URLSearchParams({ jurisdiction_id: portal.jurisdiction_id, locale: language });
  const body = await json<{ attributes: Attribute[] }>(
    await fetch(`/open311/v2/services/${encodeURIComponent(code)}.json?${params}`),
  );
  return body.attributes.filter((a) => a.datatype !== undefined).sort((a, b) => a.order - b.order);
}

export interface Candidate {
  number: string;
  distance_m: number;
  service_code: string;
  status: string;
  requested_at: string;
}

// Open reports of the same kind near a point (the duplicate candidates residents may see).
export async function nearbyReports(
  portal: Portal,
  code: string,
  at: { lat: number; lon: number },
  description: string,
): Promise<Candidate[]> {
  const params = new URLSearchParams({
    jurisdiction_id: portal.jurisdiction_id,
    service_code: code,
    lat: at.lat.toFixed(6),
    long: at.lon.toFixed(6),
    description,
  });
  const body = await json<{ candidates: Candidate[] }>(await fetch(`/api/v1/public/nearby?${params}`));
  return body.candidates;
}

export interface SentReport {
  number: string;
  emergency: boolean;
  merged_into?: string;
}

export interface FieldError {
  field?: string;
  message: string;
}

export type SendResult =
  | { status: "network" }
  | { status: number; report?: SentReport; errors?: FieldError[] };

// Sends a report with its photos (multipart, as POST /api/v1/public/reports takes it).
export async function sendReport(report: PendingReport): Promise<SendResult> {
  const form = new FormData();
  for (const [name, value] of report.fields) form.append(name, value);
  for (const photo of report.photos) form.append("photo", photo.blob, photo.name);
  let response: Response;
  try {
    response = await fetch("/api/v1/public/reports", {
      method: "POST",
      headers: { "Idempotency-Key": report.key },
      body: form,
    });
  } catch {
    return { status: "network" };
  }
  const body = (await response.json().catch(() => ({}))) as {
    number?: string;
    emergency?: boolean;
    merged_into?: string;
    errors?: FieldError[];
    error?: FieldError;
  };
  if (response.ok && body.number) {
    return { status: response.status, report: { number: body.number, emergency: !!body.emergency, merged_into: body.merged_into } };
  }
  return { status: response.status, errors: body.errors ?? (body.error ? [body.error] : []) };
}

// --- The public map -------------------------------------------------------------------------

export interface PublicReport {
  service_request_id: string;
  service_code: string;
  service_name: string;
  status: string;
  description: string;
  address: string;
  requested_datetime: string;
  lat?: number | null; // Reports given by address only have none.
  long?: number | null;
}

export async function recentReports(
  portal: Portal,
  filter: { service_code: string; status: string; days: number },
  language: Language,
): Promise<PublicReport[]> {
  const since = new Date(Date.now() - filter.days * 86400_000).toISOString().replace(/\.\d+Z$/, "Z");
  const params = new URLSearchParams({ jurisdiction_id: portal.jurisdiction_id, start_date: since, locale: language });
  if (filter.service_code) params.set("service_code", filter.service_code);
  if (filter.status) params.set("status", filter.status);
  return json<PublicReport[]>(await fetch(`/open311/v2/requests.json?${params}`));
}
