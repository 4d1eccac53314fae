// The one way pages talk to the server: JSON over fetch (a file's own bytes for an upload), with
// the session's CSRF token and an Idempotency-Key on every change. A failure is an ApiError
// carrying the server's problem+json, whose `errors` name the fields to highlight.

export interface FieldError {
  field: string;
  message: string;
}

export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail || problem.title);
    this.problem = problem;
  }
  get status(): number {
    return this.problem.status;
  }
  // The message for one field, when the server named it.
  fieldMessage(field: string): string | undefined {
    return this.problem.errors?.find((e) => e.field === field)?.message;
  }
}

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

type ExpiryListener = (area: "console" | "portal") => void;
const expiryListeners = new Set<ExpiryListener>();

// Called when a signed-in page gets 401: the session ended (idle or absolute timeout).
export function onSessionExpired(listener: ExpiryListener): () => void {
  expiryListeners.add(listener);
  return () => expiryListeners.delete(listener);
}

function cookie(name: string): string {
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return "";
}

function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

// Requests whose 401 means wrong credentials or a spent link, not an ended session.
const signInPaths = ["/api/v1/auth/login", "/api/v1/portal/sign-in", "/api/v1/auth/password-reset"];

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  return send<T>(method, path, body === undefined ? undefined : { data: JSON.stringify(body), type: "application/json" });
}

// A request whose body is given as it is sent (`data`) with its media type (`type`).
async function send<T>(method: string, path: string, body?: { data: BodyInit; type: string }): Promise<T> {
  const portal = path.startsWith("/api/v1/portal/");
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = body.type;
  if (method !== "GET") {
    const csrf = cookie(portal ? "bb_portal_csrf" : "bb_csrf");
    if (csrf) headers["X-CSRF-Token"] = csrf;
    headers["Idempotency-Key"] = newKey();
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body?.data,
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError({ title: "Network error", status: 0, detail: "The server could not be reached; try again." });
  }
  const text = response.status === 204 ? "" : await response.text();
  let data: unknown = undefined;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = undefined;
    }
  }
  if (!response.ok) {
    const problem = (data as Problem) ?? { title: response.statusText, status: response.status };
    if (response.status === 401 && !signInPaths.includes(path) && !path.startsWith("/api/v1/public/")) {
      for (const listener of expiryListeners) listener(portal ? "portal" : "console");
    }
    throw new ApiError({ ...problem, status: response.status });
  }
  return data as T;
}

export const get = <T>(path: string) => call<T>("GET", path);
export const post = <T>(path: string, body: unknown = {}) => call<T>("POST", path, body);
export const patch = <T>(path: string, body: unknown) => call<T>("PATCH", path, body);
export const put = <T>(path: string, body: unknown) => call<T>("PUT", path, body);
export const remove = <T>(path: string) => call<T>("DELETE", path);
// POSTs a file's bytes as the body, as they are (a CSV import: `type` "text/csv").
export const upload = <T>(path: string, data: BodyInit, type: string) => send<T>("POST", path, { data, type });

// A query string from the given values, leaving out empty ones.
export function query(values: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
