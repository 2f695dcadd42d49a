import { io } from "socket.io-client";
import { afterEach, describe, expect, it } from "vitest";
import { checkWidgetOrigin } from "../../src/channels/socket/widget/widget-origin.js";
import { FixedClock } from "../../src/core/clock.js";
import type { Organisation } from "../../src/core/knowledge/types.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { WAIT_MS } from "../support/wait.js";
import { AppHarness } from "./support/app-harness.js";

/** Monday 23 November 2026, 10:00 in Oslo. */
const clock = new FixedClock(new Date("2026-11-23T09:00:00Z"));
const servers: AppHarness[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) await s.destroy();
});

async function start(env: Record<string, string>): Promise<AppHarness> {
  const server = new AppHarness(clock, env);
  servers.push(server);
  await server.start();
  return server;
}

type Outcome = { connected: true } | { connected: false; message: string; data: unknown };

/** Opens a /widget connection the way a browser on `origin` would (the Origin header), and says how it went. */
async function connectFrom(
  server: AppHarness,
  origin: string | undefined,
  org = "ror-ikt",
  transport: "websocket" | "polling" = "websocket",
): Promise<Outcome> {
  const socket = io(`${server.url}/widget`, {
    auth: { org },
    transports: [transport],
    reconnection: false,
    forceNew: true,
    timeout: WAIT_MS,
    ...(origin ? { extraHeaders: { Origin: origin } } : {}),
  });
  try {
    return await new Promise<Outcome>((resolve) => {
      socket.once("session", () => resolve({ connected: true }));
      socket.once("connect_error", (err: Error & { data?: unknown }) =>
        resolve({ connected: false, message: err.message, data: err.data }),
      );
    });
  } finally {
    socket.close();
  }
}

const PRODUCTION = { NODE_ENV: "production" };

describe.skipIf(await shouldSkip(PRIMARY_PROVIDER))("/widget handshake: which sites may embed the widget", () => {
  it("refuses a browser on a site the organisation does not list, saying where to list it, and stores no customer", async () => {
    const server = await start(PRODUCTION);
    const outcome = await connectFrom(server, "https://evil.example");
    expect(outcome).toEqual({
      connected: false,
      message: "origin_not_allowed",
      data: { message: expect.stringContaining("allowedOrigins in knowledge/ror-ikt/organisation.json") },
    });
    const org = await server.app.context.repos.organisations.findBySlug("ror-ikt");
    const customers = await server.app.context.db.prisma.customer.count({ where: { organisationId: org?.id } });
    expect(customers).toBe(0);
  });

  it("refuses it on the long-polling transport too", async () => {
    const server = await start(PRODUCTION);
    expect(await connectFrom(server, "https://evil.example", "ror-ikt", "polling")).toMatchObject({
      connected: false,
      message: "origin_not_allowed",
    });
    expect(await connectFrom(server, "https://www.ror-ikt.no", "ror-ikt", "polling")).toEqual({ connected: true });
  });

  it("lets each organisation's own sites in, and only for that organisation", async () => {
    const server = await start(PRODUCTION);
    expect(await connectFrom(server, "https://www.ror-ikt.no")).toEqual({ connected: true });
    expect(await connectFrom(server, "https://ror-ikt.no")).toEqual({ connected: true });
    expect(await connectFrom(server, "https://www.ror-ikt.no", "move")).toMatchObject({
      connected: false,
      message: "origin_not_allowed",
    });
    expect(await connectFrom(server, "https://www.move.no", "move")).toEqual({ connected: true });
  });

  it("in production, refuses localhost and sandboxed pages but allows this server's own SKRANKE_PUBLIC_URL", async () => {
    const server = await start({ ...PRODUCTION, SKRANKE_PUBLIC_URL: "https://chat.example.no" });
    expect(await connectFrom(server, "http://localhost:3000")).toMatchObject({ connected: false });
    expect(await connectFrom(server, "null")).toMatchObject({ connected: false, message: "origin_not_allowed" });
    expect(await connectFrom(server, server.url)).toMatchObject({ connected: false });
    expect(await connectFrom(server, "https://chat.example.no")).toEqual({ connected: true });
  });

  it("in development (NODE_ENV not production), also allows localhost and this server's own host, nothing else", async () => {
    const server = await start({});
    expect(await connectFrom(server, "http://localhost:5173")).toEqual({ connected: true });
    expect(await connectFrom(server, "http://127.0.0.1:8080")).toEqual({ connected: true });
    expect(await connectFrom(server, server.url)).toEqual({ connected: true });
    expect(await connectFrom(server, "https://evil.example")).toMatchObject({
      connected: false,
      message: "origin_not_allowed",
    });
  });

  it("does not refuse a connection without an Origin (not a browser on another site)", async () => {
    const server = await start(PRODUCTION);
    expect(await connectFrom(server, undefined)).toEqual({ connected: true });
  });
});

describe("checkWidgetOrigin", () => {
  const org = { slug: "ror-ikt", allowedOrigins: ["https://www.ror-ikt.no"] } as unknown as Organisation;
  const production = { development: false, publicUrl: undefined };

  it.each([
    ["https://www.ror-ikt.no", true],
    ["HTTPS://WWW.ROR-IKT.NO", true],
    ["https://www.ror-ikt.no:443", true],
    ["http://www.ror-ikt.no", false],
    ["https://www.ror-ikt.no:8443", false],
    ["https://www.ror-ikt.no.evil.example", false],
    ["https://evil-www.ror-ikt.no", false],
    ["null", false],
    ["", false],
    ["file://", false],
    ["javascript:alert(1)", false],
  ])("production: Origin %j allowed: %s", (origin, allowed) => {
    expect(checkWidgetOrigin(origin, "chat.example.no", org, production).allowed).toBe(allowed);
  });

  it("refuses several Origin headers", () => {
    expect(checkWidgetOrigin(["https://www.ror-ikt.no", "https://evil.example"], undefined, org, production)).toEqual({
      allowed: false,
      origin: "https://www.ror-ikt.no,https://evil.example",
    });
  });

  it("development: the Host the connection was made to, and loopback, whatever the port", () => {
    const dev = { development: true, publicUrl: undefined };
    expect(checkWidgetOrigin("http://chat.local:3978", "chat.local:3978", org, dev).allowed).toBe(true);
    expect(checkWidgetOrigin("http://chat.local:3978", "other.local:3978", org, dev).allowed).toBe(false);
    expect(checkWidgetOrigin("http://[::1]:1234", undefined, org, dev).allowed).toBe(true);
    expect(checkWidgetOrigin("http://127.9.9.9", undefined, org, dev).allowed).toBe(true);
    expect(checkWidgetOrigin("http://localhost.evil.example", undefined, org, dev).allowed).toBe(false);
  });
});
