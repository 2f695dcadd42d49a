import type { StaffUser } from "../../src/protocol/agent.js";

/** The HTTP side: login, logout and "who am I" (POST /api/auth/login …). The token lives in this tab only. */
const TOKEN_KEY = "skranke.console.token";

export class LoginError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

export function storedToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function storeToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // The session then lasts as long as the page.
  }
}

export async function login(email: string, password: string): Promise<{ token: string; user: StaffUser }> {
  let res: Response;
  try {
    res = await fetch("/api/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, password }),
    });
  } catch {
    throw new LoginError("network");
  }
  const body = (await res.json().catch(() => ({}))) as {
    token?: string;
    user?: StaffUser;
    error?: { code?: string };
  };
  if (!res.ok || !body.token || !body.user) throw new LoginError(body.error?.code ?? "failed");
  storeToken(body.token);
  return { token: body.token, user: body.user };
}

export async function me(token: string): Promise<StaffUser | null> {
  const res = await fetch("/api/auth/me", { headers: { authorization: `Bearer ${token}` } }).catch(() => null);
  if (!res?.ok) return null;
  return (await res.json()) as StaffUser;
}

export async function logout(token: string | null): Promise<void> {
  storeToken(null);
  if (!token) return;
  await fetch("/api/auth/logout", { method: "POST", headers: { authorization: `Bearer ${token}` } }).catch(() => {});
}
