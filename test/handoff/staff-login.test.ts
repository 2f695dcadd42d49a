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

  async function server(clock?: FixedClock, env: Record<string, string> = {}): Promise<Server> {
    const db = freshDatabase();
    cleanups.push(db.cleanup);
    const s = await startServer(db.config, { env, ...(clock ? { clock } : {}) });
    cleanups.push(() => s.close());
    return s;
  }

  const post = (s: Server, path: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
    fetch(`${s.url}${path}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: JSON.stringify(body),
    });

  /** A login attempt from `address`, as a trusted proxy in front of the server would forward it. */
  const loginFrom = (s: Server, address: string, email: string, password: string) =>
    post(s, "/api/auth/login", { email, password }, undefined, { "x-forwarded-for": address });

  const answer = async (res: Response) => ({ status: res.status, body: await res.json() });

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

  it("pauses logins to an account from an address after five wrong passwords, even for the right one", async () => {
    const s = await server();
    await addAgent(s, "kari@alpha.no");
    const wrong = [];
    for (let i = 0; i < 5; i++) {
      wrong.push(
        await answer(await post(s, "/api/auth/login", { email: "kari@alpha.no", password: `wrong-${i}-pass` })),
      );
    }
    expect(wrong.every((w) => w.status === 401)).toBe(true);
    const locked = await answer(await post(s, "/api/auth/login", { email: "kari@alpha.no", password: PASSWORD }));
    expect(locked).toEqual(wrong[0]);
    expect(locked.body.error.code).toBe("invalid_credentials");
  });

  it("counts wrong passwords per account and address: guessing from elsewhere does not lock the owner out", async () => {
    const s = await server(undefined, { TRUST_PROXY: "loopback" });
    await addAgent(s, "kari@alpha.no");
    for (let i = 0; i < 8; i++) {
      expect((await loginFrom(s, "198.51.100.7", "kari@alpha.no", `guess-${i}-guess`)).status).toBe(401);
    }
    // The guesser's address is paused for Kari's account, even with the right password ...
    expect((await loginFrom(s, "198.51.100.7", "kari@alpha.no", PASSWORD)).status).toBe(401);
    // ... but Kari, from her own address, logs in.
    expect((await loginFrom(s, "203.0.113.20", "kari@alpha.no", PASSWORD)).status).toBe(200);
    // The pause is for that account only: another account from the same address is not affected.
    await addAgent(s, "ola@alpha.no");
    expect((await loginFrom(s, "198.51.100.7", "ola@alpha.no", PASSWORD)).status).toBe(200);
  });

  it("answers unknown, disabled and locked accounts exactly like a wrong password", async () => {
    const s = await server();
    await addAgent(s, "kari@alpha.no");
    await addAgent(s, "per@alpha.no");
    await addAgent(s, "lise@alpha.no");
    await s.app.context.services.accounts.setDisabled("per@alpha.no", true, "test");
    for (let i = 0; i < 5; i++)
      await post(s, "/api/auth/login", { email: "lise@alpha.no", password: `feil-${i}-passord` });
    const wrongPassword = await answer(
      await post(s, "/api/auth/login", { email: "kari@alpha.no", password: "feil-passord-1" }),
    );
    const unknown = await answer(await post(s, "/api/auth/login", { email: "ingen@alpha.no", password: PASSWORD }));
    const disabled = await answer(await post(s, "/api/auth/login", { email: "per@alpha.no", password: PASSWORD }));
    const locked = await answer(await post(s, "/api/auth/login", { email: "lise@alpha.no", password: PASSWORD }));
    expect(wrongPassword.status).toBe(401);
    expect(unknown).toEqual(wrongPassword);
    expect(disabled).toEqual(wrongPassword);
    expect(locked).toEqual(wrongPassword);
  });

  it("believes X-Forwarded-For only from a trusted proxy", async () => {
    // Nobody trusted (the default): the header is the caller's own claim and changes nothing.
    const direct = await server(undefined, { SKRANKE_LIMIT_LOGINS: "3/60" });
    const spoofed = [];
    for (let i = 0; i < 4; i++) {
      spoofed.push((await loginFrom(direct, `192.0.2.${i + 1}`, `user${i}@alpha.no`, "whatever-it-is")).status);
    }
    expect(spoofed).toEqual([401, 401, 401, 429]);

    // Behind one trusted proxy: the address it forwards is the client, with a budget of its own.
    const proxied = await server(undefined, { SKRANKE_LIMIT_LOGINS: "3/60", TRUST_PROXY: "1" });
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await loginFrom(proxied, "192.0.2.1", `user${i}@alpha.no`, "whatever-it-is")).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // What the client put in front of the proxy's entry is not believed either.
    expect((await loginFrom(proxied, "192.0.2.99, 192.0.2.1", "x@alpha.no", "whatever-it-is")).status).toBe(429);
    const other = await loginFrom(proxied, "192.0.2.2", "user0@alpha.no", "whatever-it-is");
    expect(other.status).toBe(401);
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
    const res = await post(s, "/api/auth/login", { email: "nobody@alpha.no", password: "whatever-it-is" });
    expect(res.headers.get("retry-after")).toBe("60");
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
    expect((await post(s, "/api/auth/login", { email: "kari@alpha.no", password: PASSWORD })).status).toBe(401);
  });
});
