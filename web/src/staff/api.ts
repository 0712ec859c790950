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
