import { storedToken } from "../api.js";

/** A refused or failed call to /api/compliance/*: the HTTP status, the server's error code and message. */
export class ComplianceApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Called when the server says the session is over (401). */
let onSessionEnded: () => void = () => {};
export function whenSessionEnds(handler: () => void): void {
  onSessionEnded = handler;
}

/**
 * One call to the compliance API with this tab's staff token (the console's
 * login). JSON in and out; `text: true` reads a text body (the text export).
 */
export async function call<T>(method: string, path: string, body?: unknown, opts: { text?: boolean } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: opts.text ? "text/plain" : "application/json" };
  const token = storedToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ComplianceApiError(0, "network", "network");
  }
  if (!res.ok) {
    const j = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    if (res.status === 401) onSessionEnded();
    throw new ComplianceApiError(res.status, j.error?.code ?? "error", j.error?.message ?? String(res.status));
  }
  return (opts.text ? await res.text() : await res.json()) as T;
}
