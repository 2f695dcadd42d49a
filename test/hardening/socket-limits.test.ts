import { io, type Socket } from "socket.io-client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { SOCKET_FRAME_BYTES, socketFrameBytes, TEXT_LIMITS } from "../../src/core/validation/limits.js";
import { agentSchemas } from "../../src/protocol/agent-schemas.js";
import { widgetSchemas } from "../../src/protocol/widget-schemas.js";
import { frameBytes, MAX_FRAME_BYTES, MAX_MESSAGE_CHARS } from "../../web-widget/src/limits.js";
import { AppHarness } from "../channels/support/app-harness.js";
import { AgentClient, login, PASSWORD } from "../handoff/support/harness.js";
import { WidgetCustomer } from "../handoff/support/widget-customer.js";
import { RunningClock } from "../support/running-clock.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { WAIT_MS } from "../support/wait.js";

/**
 * Socket.IO limits: the frame limit agrees with the protocol's text limits,
 * the widget checks the same sizes, a text over its limit gets a clear
 * `invalid_input`, and an unknown event gets `invalid_input` instead of silence.
 */

/** The largest valid payload of a schema, every string at its maximum length in its worst encoding. */
function largestPayload(schema: z.ZodType): Record<string, unknown> {
  const build = (node: Record<string, unknown>): unknown => {
    const options = (node.anyOf ?? node.oneOf) as Array<Record<string, unknown>> | undefined;
    if (options) return build(options.find((o) => o.type !== "null") ?? {});
    if (Array.isArray(node.enum)) return node.enum[0];
    if (node.type === "string" || (Array.isArray(node.type) && node.type.includes("string"))) {
      return "\u0001".repeat(Number(node.maxLength ?? 0));
    }
    if (node.type === "integer" || node.type === "number") return Number.MAX_SAFE_INTEGER;
    if (node.type === "boolean") return false;
    const properties = (node.properties ?? {}) as Record<string, Record<string, unknown>>;
    return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, build(v)]));
  };
  return build(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>) as Record<
    string,
    unknown
  >;
}

describe("the Socket.IO frame limit", () => {
  const events = [
    ...Object.entries(widgetSchemas).map(([e, s]) => [`/widget ${e}`, e, s] as const),
    ...Object.entries(agentSchemas).map(([e, s]) => [`/agent ${e}`, e, s] as const),
  ];
  const sizes = events.map(([name, event, schema]) => ({
    name,
    bytes: socketFrameBytes(event, largestPayload(schema as z.ZodType)),
  }));

  it("fits the largest valid payload of every event, and is not much larger than that", () => {
    const largest = Math.max(...sizes.map((s) => s.bytes));
    expect(largest).toBeGreaterThan(6 * TEXT_LIMITS.message);
    expect(sizes.filter((s) => s.bytes > SOCKET_FRAME_BYTES)).toEqual([]);
    // A limit far above every valid payload would let megabytes through to be refused only after parsing.
    expect(SOCKET_FRAME_BYTES).toBeLessThanOrEqual(2 * largest);
  });

  it("is the limit the widget checks before sending, with the same text limit", () => {
    expect(MAX_FRAME_BYTES).toBe(SOCKET_FRAME_BYTES);
    expect(MAX_MESSAGE_CHARS).toBe(TEXT_LIMITS.message);
    const payload = { clientId: "c1", text: "æ".repeat(5000) };
    expect(frameBytes("message", payload)).toBe(socketFrameBytes("message", payload));
  });
});

/** A Tuesday, 10:00 in Oslo: every organisation is open. Time runs on from there. */
const clock = new RunningClock(new Date("2026-11-24T09:00:00Z"));

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("Socket.IO limits on the server", { timeout: 90_000 }, () => {
  let server: AppHarness;
  const cleanups: Array<() => void> = [];
  beforeEach(async () => {
    server = new AppHarness(clock);
    await server.start();
  });
  afterEach(async () => {
    for (const c of cleanups.splice(0)) c();
    await server.destroy();
  });

  it("uses the frame limit as maxHttpBufferSize", () => {
    const engine = server.app.context.io.engine as unknown as { opts: { maxHttpBufferSize: number } };
    expect(engine.opts.maxHttpBufferSize).toBe(SOCKET_FRAME_BYTES);
  });

  it.each([["websocket"], ["polling"]] as const)(
    "answers a text over its limit with invalid_input over %s and keeps the connection",
    async (transport) => {
      const customer = await WidgetCustomer.connect(server.url, { org: "dnb" }, { transports: [transport] });
      cleanups.push(() => customer.close());
      const tooLong = await customer.request("message", {
        clientId: "c1",
        text: "æ".repeat(TEXT_LIMITS.message + 1000),
      });
      expect(tooLong).toEqual({
        ok: false,
        error: { code: "invalid_input", message: "text: text must be 1 to 4000 characters" },
      });
      expect(
        await customer.request("message", { clientId: "c2", text: "æ".repeat(TEXT_LIMITS.message) }),
      ).toMatchObject({ ok: true });
    },
  );

  it("closes a connection that sends a frame over the limit, and stays up", async () => {
    const socket: Socket = io(`${server.url}/widget`, {
      auth: { org: "dnb" },
      transports: ["websocket"],
      reconnection: false,
      forceNew: true,
    });
    cleanups.push(() => socket.close());
    await new Promise<void>((resolve, reject) => {
      socket.once("session", () => resolve());
      socket.once("connect_error", reject);
    });
    const closed = new Promise<string>((resolve) => {
      socket.once("disconnect", (reason) => resolve(reason));
      setTimeout(() => resolve("still connected"), WAIT_MS);
    });
    socket.emit("message", { clientId: "big", text: "x".repeat(SOCKET_FRAME_BYTES + 1) });
    expect(await closed).toBe("transport close");
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it("answers unknown events with invalid_input on /widget and /agent", async () => {
    const customer = await WidgetCustomer.connect(server.url, { org: "dnb" });
    cleanups.push(() => customer.close());
    expect(await customer.request("no-such-event", { x: 1 })).toEqual({
      ok: false,
      error: { code: "invalid_input", message: 'unknown event "no-such-event"' },
    });
    expect(await customer.request("constructor")).toMatchObject({ ok: false, error: { code: "invalid_input" } });

    await server.app.context.services.accounts.createUser({
      email: "kari@dnb.test",
      role: "agent",
      organisationSlug: "dnb",
      password: PASSWORD,
      displayName: "Kari",
    });
    const agent = await AgentClient.connect(server.url, await login(server.url, "kari@dnb.test"));
    cleanups.push(() => agent.close());
    expect(await agent.request("queue:delete-everything", {})).toEqual({
      ok: false,
      error: { code: "invalid_input", message: 'unknown event "queue:delete-everything"' },
    });
    // Known events still answer.
    expect(await agent.request("queue:list", {})).toMatchObject({ ok: true });
  });
});
