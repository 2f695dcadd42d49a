import { afterEach, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { connectError, freshDatabase, PASSWORD, type Server, startServer } from "./support/harness.js";

const skip = await shouldSkip(PRIMARY_PROVIDER);

/** Staff login: rate limits, lockout, expiring sessions, logout, and how passwords are stored. */
describe.skipIf(skip)("staff login", { timeout: 90_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  async function server(clock?: FixedClock): Promise<Server> {
    const db = freshDatabase();
    cleanups.push(db.cleanup);
    const s = await startServer(db.config, clock ? { clock } : {});
    cleanups.push(() => s.close());
    return s;
  }

  const post = (s: Server, path: string, body: unknown, token?: string) =>
    fetch(`${s.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });

  async function addAgent(s: Server, email: string) {
    return s.app.context.services.accounts.createUser({
      email,
      role: "agent",
      organisationSlug: "alpha",
      password: PASSWORD,
    });
  }

  it("stores only a scrypt hash and gives an expiring session token", async () => {
    const s = await server();
    const user = await addAgent(s, "kari@alpha.no");
    expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(user.passwordHash).not.toContain(PASSWORD);
    const res = await post(s, "/api/auth/login", { email: "KARI@alpha.no", password: PASSWORD });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expiresAt: string; user: { role: string } };
    expect(body.user.role).toBe("agent");
    expect(Date.parse(body.expiresAt) - Date.now()).toBeGreaterThan(11 * 3_600_000);
    const me = await fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${body.token}` } });
    expect(me.status).toBe(200);
  });

  it("locks an account after five wrong passwords, even for the right one", async () => {
    const s = await server();
    await addAgent(s, "kari@alpha.no");
    for (let i = 0; i < 5; i++) {
      expect(
        (await post(s, "/api/auth/login", { email: "kari@alpha.no", password: `wrong-${i}-password` })).status,
      ).toBe(401);
    }
    const locked = await post(s, "/api/auth/login", { email: "kari@alpha.no", password: PASSWORD });
    expect(locked.status).toBe(423);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe("locked");
  });

  it("rate limits login attempts per e-mail address", async () => {
    const s = await server();
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await post(s, "/api/auth/login", { email: "nobody@alpha.no", password: "whatever-it-is" })).status,
      );
    }
    expect(statuses.slice(0, 10).every((st) => st === 401)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
    const res = await post(s, "/api/auth/login", { email: "nobody@alpha.no", password: "whatever-it-is" });
    expect(res.headers.get("retry-after")).toBe("60");
  });

  it("rate limits login attempts per client address across e-mail addresses", async () => {
    const s = await server();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push(
        (await post(s, "/api/auth/login", { email: `user${i}@alpha.no`, password: "whatever-it-is" })).status,
      );
    }
    expect(statuses.slice(0, 20).every((st) => st === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it("ends sessions when they expire and on logout, for HTTP and the agent socket alike", async () => {
    const clock = new FixedClock(new Date());
    const s = await server(clock);
    await addAgent(s, "kari@alpha.no");
    const login = async () =>
      (
        (await (await post(s, "/api/auth/login", { email: "kari@alpha.no", password: PASSWORD })).json()) as {
          token: string;
        }
      ).token;
    const first = await login();
    expect(await connectError(s.url, first)).toBe("connected");
    clock.advance(12 * 3_600_000 + 1000);
    expect((await fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${first}` } })).status).toBe(401);
    expect(await connectError(s.url, first)).toBe("unauthenticated");

    const second = await login();
    expect((await post(s, "/api/auth/logout", {}, second)).status).toBe(200);
    expect((await fetch(`${s.url}/api/auth/me`, { headers: { authorization: `Bearer ${second}` } })).status).toBe(401);
    expect(await connectError(s.url, second)).toBe("unauthenticated");
  });

  it("refuses disabled accounts at login and ends their sessions", async () => {
    const s = await server();
    await addAgent(s, "kari@alpha.no");
    const token = (
      (await (await post(s, "/api/auth/login", { email: "kari@alpha.no", password: PASSWORD })).json()) as {
        token: string;
      }
    ).token;
    await s.app.context.services.accounts.setDisabled("kari@alpha.no", true, "test");
    expect(await connectError(s.url, token)).toBe("unauthenticated");
    expect((await post(s, "/api/auth/login", { email: "kari@alpha.no", password: PASSWORD })).status).toBe(403);
  });
});
