import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, spawnServer } from "../support/server-process.js";
import { freshDatabaseConfig, PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";

/**
 * Malformed HTTP requests against `npm start`'s process: each gets a clear
 * answer in the one error shape `{ error: { code, message } }`, no internal
 * text, and the process stays up.
 */
const skip = await shouldSkip(PRIMARY_PROVIDER);

let server: ServerProcess;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const db = freshDatabaseConfig(PRIMARY_PROVIDER);
  cleanup = db.cleanup;
  server = await spawnServer({ DATABASE_URL: db.config.url, SKRANKE_BOTFRAMEWORK_AUTH: "off" });
}, 90_000);
afterAll(async () => {
  await server?.stop();
  await cleanup?.();
});

async function alive(): Promise<void> {
  expect(server.child.exitCode, server.output().slice(-2000)).toBeNull();
  const res = await fetch(`${server.url}/healthz`);
  expect(res.status).toBe(200);
}

async function send(path: string, init: RequestInit = {}): Promise<{ status: number; text: string }> {
  try {
    const res = await fetch(`${server.url}${path}`, init);
    return { status: res.status, text: await res.text() };
  } catch (err) {
    // The connection dropped: say so with what the server printed.
    throw new Error(
      `${(err as Error).message}; server exit ${server.child.exitCode}:\n${server.output().slice(-2000)}`,
    );
  }
}

const errorOf = (text: string) => (JSON.parse(text) as { error: { code: string; message: string } }).error;

const gzipPost = (path: string, body: Uint8Array) =>
  send(path, {
    method: "POST",
    headers: { "content-type": "application/json", "content-encoding": "gzip" },
    body: new Uint8Array(body),
  });

describe.skipIf(skip)("malformed HTTP requests", { timeout: 60_000 }, () => {
  it("answers a body that is not gzip with 400 invalid_input and stays up", async () => {
    const res = await gzipPost("/api/auth/login", new TextEncoder().encode('{"email":"a@b.no","password":"x"}'));
    expect(res.status).toBe(400);
    expect(errorOf(res.text)).toEqual({ code: "invalid_input", message: expect.stringContaining("gzip") });
    await alive();
  });

  it("answers a truncated gzip body with 400 invalid_input and stays up", async () => {
    const whole = gzipSync(JSON.stringify({ email: "kari@example.no", password: "secret secret" }));
    const res = await gzipPost("/api/auth/login", whole.subarray(0, whole.length - 12));
    expect(res.status).toBe(400);
    expect(errorOf(res.text).code).toBe("invalid_input");
    await alive();
  });

  it("limits the decompressed size of a gzip body, not only the compressed one", async () => {
    const bomb = gzipSync(JSON.stringify({ email: "x".repeat(4 * 1024 * 1024), password: "p" }));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const res = await gzipPost("/api/auth/login", bomb);
    expect(res.status).toBe(413);
    expect(errorOf(res.text).code).toBe("payload_too_large");
    await alive();
  });

  it("still reads a valid gzip body", async () => {
    const res = await gzipPost(
      "/api/auth/login",
      gzipSync(JSON.stringify({ email: "nobody@example.no", password: "x" })),
    );
    expect(res.status).toBe(401);
    expect(errorOf(res.text).code).toBe("invalid_credentials");
  });

  it("answers a doubly encoded path with 404, not a URIError", async () => {
    const res = await send("/agent-console/x%25E0");
    expect(res.status).toBe(404);
    expect(res.text).not.toMatch(/URIError|malformed/);
    await alive();
  });

  it("keeps botbuilder's text out of /api/messages answers", async () => {
    const failed = await send("/api/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "message" }),
    });
    // Skranke's own check refuses it before botbuilder sees it (channelId, serviceUrl, conversation missing).
    expect(failed.status).toBe(400);
    expect(errorOf(failed.text)).toEqual({
      code: "invalid_input",
      message: expect.stringMatching(/^send a Bot Framework activity/),
    });
    expect(failed.text).not.toMatch(/validateAndFixActivity|missing activity/);

    const wrongType = await send("/api/messages", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: 5, text: ["x"] }),
    });
    expect(wrongType.status).toBe(400);
    // The refusal is worded by Skranke's own check, not by botbuilder's validator.
    expect(errorOf(wrongType.text)).toEqual({
      code: "invalid_input",
      message: expect.stringMatching(/^send a Bot Framework activity/),
    });
    expect(wrongType.text).not.toMatch(/validateAndFixActivity|missing activity/);
    await alive();
  });

  it("answers every refusal in one shape with a code from the error table", async () => {
    const cases: Array<[string, RequestInit, number, string]> = [
      ["/no-such-route", {}, 404, "not_found"],
      ["/healthz", { method: "DELETE" }, 405, "method_not_allowed"],
      [
        "/api/auth/login",
        { method: "POST", headers: { "content-type": "application/json" }, body: '{"email":' },
        400,
        "invalid_input",
      ],
      [
        "/api/auth/login",
        { method: "POST", headers: { "content-type": "text/plain" }, body: "hello" },
        415,
        "unsupported_media_type",
      ],
      [
        "/api/auth/login",
        { method: "POST", headers: { "content-type": "application/json", "content-encoding": "br" }, body: "{}" },
        415,
        "unsupported_media_type",
      ],
      [
        "/api/auth/login",
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ a: "x".repeat(300_000) }),
        },
        413,
        "payload_too_large",
      ],
      ["/api/handoff/queue", {}, 401, "unauthenticated"],
    ];
    for (const [path, init, status, code] of cases) {
      const res = await send(path, init);
      expect({ path, status: res.status }).toEqual({ path, status });
      expect(errorOf(res.text), path).toEqual({ code, message: expect.any(String) });
    }
    await alive();
  });
});
