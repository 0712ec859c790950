// The staff JSON API as the staff screens use it: the session is the HttpOnly cookie set at
// login, so no token is kept in the page.

export interface User {
  username: string;
  display_name: string;
  role: string;
  departments: string[];
}

export interface Task {
  department: string;
  state: string;
  sla: string;
  due_at: string | null;
}

export interface StaffCase {
  number: string;
  version: number;
  service_code: string;
  status: string;
  priority: string;
  emergency: boolean;
  description: string;
  address: string;
  requested_at: string;
  tasks: Task[];
}

export interface Event {
  id: number;
  kind: string;
  description: string;
  detail: string;
  department: string;
  public: boolean;
  actor: string;
  at: string;
}

export interface FileItem {
  id: number;
  kind: string;
  name: string;
  public: boolean;
  url: string;
  thumbnail_url?: string;
}

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(method: string, path: string, body?: unknown, raw?: Blob): Promise<T> {
  const response = await fetch(`/api/v1/${path}`, {
    method,
    credentials: "same-origin",
    headers: raw ? { "Content-Type": raw.type || "application/octet-stream" } : body ? { "Content-Type": "application/json" } : {},
    body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
  });
  const json = (await response.json().catch(() => ({}))) as T & { error?: { message: string } };
  if (!response.ok) throw new ApiError(response.status, json.error?.message ?? `HTTP ${response.status}`);
  return json;
}

export const me = () => call<User>("GET", "me");
export const login = (username: string, password: string) => call<{ user: User }>("POST", "auth/login", { username, password });
export const logout = () => call<unknown>("POST", "auth/logout");
export const openCases = () =>
  call<{ cases: StaffCase[] }>(
    "GET",
    "cases?status=open,for_triage,investigating,in_progress,planned,action_scheduled,internal_referral&sort=due&page_size=200",
  ).then((r) => r.cases);
export const getCase = (number: string) => call<StaffCase>("GET", `cases/${number}`);
export const history = (number: string) => call<{ events: Event[] }>("GET", `cases/${number}/history`).then((r) => r.events);
export const files = (number: string) =>
  call<{ attachments: FileItem[] }>("GET", `cases/${number}/attachments`).then((r) => r.attachments);
export const setTask = (number: string, unit: string, status: string, note: string, isPublic: boolean) =>
  call<StaffCase>("POST", `cases/${number}/tasks/${unit}`, { status, note, public: isPublic });
export const addNote = (number: string, text: string, isPublic: boolean) =>
  call<StaffCase>("POST", `cases/${number}/notes`, { text, public: isPublic });
export const upload = (number: string, file: File, isPublic: boolean) =>
  call<FileItem>(
    "POST",
    `cases/${number}/attachments?name=${encodeURIComponent(file.name)}&public=${isPublic}`,
    undefined,
    file,
  );

// --- The contact centre -----------------------------------------------------------------------

export interface Interaction {
  id: number;
  channel: string; // voice, chat, email, sms, web_form, fax, walk_in, consult
  queue: string;
  address: string; // The caller's number or the writer's address.
  language: string;
  subject: string;
  call: string | null;
  state: string; // waiting, offered, connected, ended, abandoned, refused
  agent: string;
  offered_at: string;
  ended_at: string | null;
  wrap_up: string;
  cases: string[];
  last_seq: number;
}

export interface Line {
  interaction: number;
  seq: number;
  from: string;
  text: string;
  at: string;
}

export interface Setup {
  queues: {
    id: string;
    name: { pl: string; en: string };
    channel: string;
    skill: string;
    service_level_seconds: number;
    service_level_share: number;
  }[];
  wrap_up_codes: { code: string; name: { pl: string; en: string } }[];
}

export const contactSetup = () => call<Setup>("GET", "contact/queues");
export const myContacts = () =>
  call<{ interactions: Interaction[] }>("GET", "contact/interactions?limit=20").then((r) => r.interactions);
export const acceptContact = (id: number) => call<unknown>("POST", `contact/interactions/${id}/accept`, {});
export const declineContact = (id: number) => call<unknown>("POST", `contact/interactions/${id}/decline`, {});
export const endContact = (id: number) => call<unknown>("POST", `contact/interactions/${id}/end`, {});
export const transfer = (id: number, queue: string) => call<unknown>("POST", `contact/interactions/${id}/transfer`, { queue });
export const linkCase = (id: number, number: string) => call<unknown>("POST", `contact/interactions/${id}/cases`, { case: number });
export const wrapUp = (id: number, code: string, notes: string, cases: string[]) =>
  call<unknown>("POST", `contact/interactions/${id}/wrap-up`, { code, notes, cases });

export interface Recognition {
  recognised: boolean;
  resident?: { name: string };
  cases?: { number: string; service_code: string; status: string; requested_at: string }[];
}
export const recognise = (id: number) => call<Recognition>("GET", `residents/recognise?interaction=${id}`);

// --- Registering a case -----------------------------------------------------------------------

export interface Draft {
  jurisdiction_id: string;
  service_code: string;
  description: string;
  address_string?: string;
  lat?: number;
  long?: number;
  attributes?: Record<string, string | string[]>;
}
export interface StaffCandidate {
  number: string;
  distance_m: number;
  status: string;
  score: number;
}
export const candidates = (draft: Draft) =>
  call<{ candidates: StaffCandidate[]; likely_duplicate: boolean; emergency: boolean }>("POST", "cases/candidates", draft);
export const register = (draft: Draft & { channel: string; duplicate_of?: string; phone?: string; email?: string }) =>
  call<StaffCase>("POST", "cases", draft);

// --- The knowledge base -----------------------------------------------------------------------

export interface Article {
  id: number;
  title_pl: string;
  title_en: string;
  snippet: string;
  expired: boolean;
}
export interface Topic {
  code: string;
  name_pl: string;
  name_en: string;
}
export const searchKb = (q: string) =>
  call<{ articles: Article[] }>("GET", `kb/search?q=${encodeURIComponent(q)}&limit=8`).then((r) => r.articles);
export const kbTopics = () => call<{ topics: Topic[] }>("GET", "kb/topics").then((r) => r.topics);
export const informationRequest = (interaction: number, question: string, topic: string, articles: number[]) =>
  call<unknown>("POST", "kb/information-requests", { interaction, question, topic, outcome: "answered", articles });
export const askExpert = (interaction: number, topic: string, question: string) =>
  call<{ id: number }>("POST", "kb/consultations", { interaction, topic, question });
// The expert's answer goes to the resident: a line in their chat, an e-mail, or a text.
export const forwardAnswer = (consultation: number) => call<unknown>("POST", `kb/consultations/${consultation}/forward`, {});

// --- The supervisors' wallboard -------------------------------------------------------------

export interface IntervalRow {
  start: string;
  offered: number;
  answered: number;
  abandoned: number;
  service_level: number | null;
}
export const intervals = (queue: string, from: Date, to: Date) =>
  call<{ intervals: IntervalRow[] }>(
    "GET",
    `contact/stats/intervals?queue=${encodeURIComponent(queue)}&from=${w3c(from)}&to=${w3c(to)}`,
  ).then((r) => r.intervals);
export const casesAt = (sla: "at_risk" | "breached") =>
  call<{ cases: StaffCase[] }>("GET", `cases?sla=${sla}&sort=due&page_size=20`).then((r) => r.cases);

export function w3c(d: Date): string {
  return d.toISOString().replace(/\.\d+Z$/, "Z");
}

// --- Administration ---------------------------------------------------------------------------

export interface StaffUser extends User {
  jurisdictions: string[];
  disabled: boolean;
  created_at: string;
}
export interface ApiKeyItem {
  id: number;
  name: string;
  prefix: string;
  revoked: boolean;
  created_at: string;
  key?: string; // Only when just created.
}
export interface Localized {
  pl: string;
  en: string;
}
export interface CatalogService {
  code: string;
  name: Localized;
  group: string;
  questions: { code: string; datatype: string; required: boolean; description: Localized }[];
  workflow: { dispatch: string[]; priority: string; sla_hours: Record<string, number>; emergency: boolean };
}
export interface CityCatalog {
  jurisdictions: { id: string; name: Localized; time_zone: string }[];
  units: { id: string; name: Localized; calendar: string; escalate_to: string; external: boolean }[];
  services: CatalogService[];
}
export const listUsers = () => call<{ users: StaffUser[] }>("GET", "admin/users").then((r) => r.users);
export const addUser = (u: { username: string; display_name: string; role: string; departments: string[]; password: string }) =>
  call<StaffUser>("POST", "admin/users", u);
export const setDisabled = (username: string, disabled: boolean) =>
  call<unknown>("POST", `admin/users/${encodeURIComponent(username)}/${disabled ? "disable" : "enable"}`, {});
export const listKeys = () => call<{ keys: ApiKeyItem[] }>("GET", "admin/api-keys").then((r) => r.keys);
export const createKey = (name: string) => call<ApiKeyItem>("POST", "admin/api-keys", { name });
export const revokeKey = (id: number) => call<unknown>("POST", `admin/api-keys/${id}/revoke`, {});
export const cityCatalog = () => call<CityCatalog>("GET", "admin/catalog");

// --- Agents' routing profiles (supervisors) -------------------------------------------------

export interface Profile {
  username: string;
  skills: Record<string, number>;
  languages: string[];
  capacity: Record<string, number>;
}
export const profiles = () => call<{ agents: Profile[] }>("GET", "contact/agents").then((r) => r.agents);
export const saveProfile = (p: Profile) =>
  call<Profile>("PUT", `contact/agents/${encodeURIComponent(p.username)}`, {
    skills: p.skills,
    languages: p.languages,
    capacity: p.capacity,
  });
