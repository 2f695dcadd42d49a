import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { FixedClock } from "../../src/core/clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { AppHarness } from "./support/app-harness.js";

/** Monday 23 November 2026, 10:00 in Oslo. */
const OPEN = new Date("2026-11-23T09:00:00Z");

/** The /widget limits as settings, and whose address a handshake comes from (TRUST_PROXY). */
describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("/widget limits", { timeout: 60_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  async function server(env: Record<string, string>): Promise<AppHarness> {
    const s = new AppHarness(new FixedClock(OPEN), env);
    await s.start();
    cleanups.push(() => s.destroy());
    return s;
  }

  /**
   * Connects as a customer and sends a first message (which stores the
   * customer); resolves with the session token, or the code the message
   * was refused with.
   */
  async function connect(url: string, from: string, token?: string): Promise<{ token?: string; refused?: string }> {
    const socket = io(`${url}/widget`, {
      auth: { org: "ror-ikt", ...(token ? { token } : {}) },
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
      extraHeaders: { "x-forwarded-for": from },
    });
    cleanups.push(() => {
      socket.close();
    });
    const session = await new Promise<{ token: string }>((resolve, reject) => {
      socket.once("session", (s: { token: string }) => resolve(s));
      socket.once("connect_error", reject);
    });
    const ack = await socket.emitWithAck("message", { clientId: `first-${from}`, text: "Hei" });
    return ack.ok ? { token: session.token } : { refused: ack.error.code };
  }

  it("counts new customers per client address at their first message, as forwarded by a trusted proxy", async () => {
    const s = await server({ TRUST_PROXY: "loopback", SKRANKE_LIMIT_NEW_CUSTOMERS: "2/60" });
    // Connecting is free: it stores nothing.
    for (let i = 0; i < 5; i++) {
      const socket = io(`${s.url}/widget`, {
        auth: { org: "ror-ikt" },
        transports: ["websocket"],
        reconnection: false,
        forceNew: true,
        extraHeaders: { "x-forwarded-for": "198.51.100.7" },
      });
      cleanups.push(() => {
        socket.close();
      });
      await new Promise((resolve) => socket.once("session", resolve));
    }
    const first = await connect(s.url, "198.51.100.7");
    expect(first.token).toBeTruthy();
    expect((await connect(s.url, "198.51.100.7")).token).toBeTruthy();
    expect(await connect(s.url, "198.51.100.7")).toEqual({ refused: "rate_limited" });
    expect(await s.app.context.db.prisma.customer.count()).toBe(2);
    // Someone else behind the same proxy has a budget of their own ...
    expect((await connect(s.url, "203.0.113.20")).token).toBeTruthy();
    // ... and a returning customer is not a new one.
    expect((await connect(s.url, "198.51.100.7", first.token)).token).toBe(first.token);
  });

  it("ignores X-Forwarded-For when no proxy is trusted", async () => {
    const s = await server({ SKRANKE_LIMIT_NEW_CUSTOMERS: "2/60" });
    expect((await connect(s.url, "198.51.100.1")).token).toBeTruthy();
    expect((await connect(s.url, "198.51.100.2")).token).toBeTruthy();
    expect(await connect(s.url, "198.51.100.3")).toEqual({ refused: "rate_limited" });
  });

  it("takes the message limit from SKRANKE_LIMIT_MESSAGES", async () => {
    const s = await server({ SKRANKE_LIMIT_MESSAGES: "3/60" });
    const socket = io(`${s.url}/widget`, { auth: { org: "ror-ikt" }, transports: ["websocket"], forceNew: true });
    cleanups.push(() => {
      socket.close();
    });
    await new Promise((resolve) => socket.once("session", resolve));
    const acks: Array<{ ok: boolean; error?: { code: string } }> = [];
    for (let i = 0; i < 4; i++) acks.push(await socket.emitWithAck("message", { clientId: `m${i}`, text: `hei ${i}` }));
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, false]);
    expect(acks[3]?.error?.code).toBe("rate_limited");
  });
});
