import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config/config.js";
import { SERVER_START_MS } from "../support/wait.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const AZURE = {
  AZURE_OPENAI_ENDPOINT: "https://x.openai.azure.com",
  AZURE_OPENAI_API_KEY: "key",
  AZURE_OPENAI_DEPLOYMENT: "gpt",
};

describe("configuration", () => {
  it("defaults to the embedded SQLite database under ./data when DATABASE_URL is unset", () => {
    const config = loadConfig({}, "/srv/skranke");
    expect(config.database).toEqual({
      provider: "sqlite",
      file: "/srv/skranke/data/skranke.db",
      url: "file:/srv/skranke/data/skranke.db",
    });
    expect(config.port).toBe(3978);
    expect(config.logLevel).toBe("info");
    expect(config.azureOpenAI).toBeUndefined();
  });

  it("syncs SQLite's log at every commit unless told normal", () => {
    expect(loadConfig({}, "/x").sqliteSynchronous).toBe("full");
    expect(loadConfig({ SKRANKE_SQLITE_SYNCHRONOUS: " Normal " }, "/x").sqliteSynchronous).toBe("normal");
    expect(loadConfig({ SKRANKE_SQLITE_SYNCHRONOUS: "full" }, "/x").sqliteSynchronous).toBe("full");
  });

  it("chooses the language model's mode: rerank by default with the Azure settings, off without them", () => {
    expect(loadConfig({}, "/x").ai).toEqual({ mode: "off", timeoutMs: undefined });
    const rerank = loadConfig(AZURE, "/x");
    expect(rerank.ai).toEqual({ mode: "rerank", timeoutMs: undefined });
    expect(rerank.azureOpenAI).toEqual({
      endpoint: "https://x.openai.azure.com",
      deployment: "gpt",
      apiVersion: "2024-10-21",
      auth: "api-key",
      apiKey: "key",
    });
    expect(loadConfig({ ...AZURE, SKRANKE_AI_MODE: "Generate", SKRANKE_AI_TIMEOUT_MS: "6000" }, "/x").ai).toEqual({
      mode: "generate",
      timeoutMs: 6000,
    });
    expect(loadConfig({ ...AZURE, SKRANKE_AI_MODE: "off" }, "/x").ai.mode).toBe("off");
    const entra = loadConfig(
      {
        AZURE_OPENAI_ENDPOINT: "https://x.openai.azure.com",
        AZURE_OPENAI_DEPLOYMENT: "gpt",
        AZURE_OPENAI_AUTH: "entra",
      },
      "/x",
    );
    expect(entra.azureOpenAI).toMatchObject({ auth: "entra", apiKey: undefined });
    expect(entra.ai.mode).toBe("rerank");
  });

  it("chooses PostgreSQL for a postgresql:// URL", () => {
    const config = loadConfig({ DATABASE_URL: "postgresql://u@db:5432/skranke" }, "/x");
    expect(config.database).toEqual({ provider: "postgresql", url: "postgresql://u@db:5432/skranke" });
  });

  it("uses Redis for Socket.IO only when REDIS_URL is set", () => {
    expect(loadConfig({}, "/x").redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: " " }, "/x").redis).toBeUndefined();
    expect(loadConfig({ REDIS_URL: "redis://cache:6379/2" }, "/x").redis).toEqual({
      url: "redis://cache:6379/2",
      prefix: "skranke",
    });
    expect(
      loadConfig({ REDIS_URL: "rediss://:secret@cache.example:6380", SKRANKE_REDIS_PREFIX: "chat-prod" }, "/x").redis,
    ).toEqual({ url: "rediss://:secret@cache.example:6380", prefix: "chat-prod" });
  });

  it("is in development unless NODE_ENV is production", () => {
    expect(loadConfig({}, "/x").development).toBe(true);
    expect(loadConfig({ NODE_ENV: "development" }, "/x").development).toBe(true);
    expect(loadConfig({ NODE_ENV: "test" }, "/x").development).toBe(true);
    expect(loadConfig({ NODE_ENV: "production" }, "/x").development).toBe(false);
    expect(loadConfig({ NODE_ENV: " Production " }, "/x").development).toBe(false);
  });

  it("runs /api/messages authenticated with MicrosoftAppId, unauthenticated only when SKRANKE_BOTFRAMEWORK_AUTH=off", () => {
    expect(loadConfig({}, "/x").botFramework).toMatchObject({
      mode: "disabled",
      serviceUrls: [],
      rateLimitPerMinute: 300,
    });
    expect(loadConfig({ SKRANKE_BOTFRAMEWORK_AUTH: "off" }, "/x").botFramework.mode).toBe("unauthenticated");
    expect(loadConfig({ SKRANKE_BOTFRAMEWORK_AUTH: " OFF " }, "/x").botFramework.mode).toBe("unauthenticated");
    const secured = { MicrosoftAppId: "abc", MicrosoftAppPassword: "x" };
    expect(loadConfig(secured, "/x").botFramework.mode).toBe("authenticated");
    expect(loadConfig({ ...secured, SKRANKE_BOTFRAMEWORK_AUTH: "on" }, "/x").botFramework.mode).toBe("authenticated");
    expect(
      loadConfig(
        {
          SKRANKE_BOTFRAMEWORK_SERVICE_URLS: " https://*.Example.no , http://10.0.0.5:9000,",
          SKRANKE_BOTFRAMEWORK_RATE_LIMIT: "1200",
        },
        "/x",
      ).botFramework,
    ).toMatchObject({
      serviceUrls: [
        { protocol: "https:", host: "*.example.no", port: "" },
        { protocol: "http:", host: "10.0.0.5", port: "9000" },
      ],
      rateLimitPerMinute: 1200,
    });
  });

  it.each([
    [{ PORT: "abc" }, "PORT", /whole number from 0 to 65535/],
    [{ PORT: "70000" }, "PORT", /whole number/],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL", /postgresql:\/\//],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL", /one of fatal, error/],
    [{ SKRANKE_PURGE_HOUR: "25" }, "SKRANKE_PURGE_HOUR", /hour from 0 to 23/],
    [{ SKRANKE_PUBLIC_URL: "ftp://x" }, "SKRANKE_PUBLIC_URL", /http\(s\) URL/],
    [{ AZURE_OPENAI_ENDPOINT: "https://x.openai.azure.com" }, "AZURE_OPENAI_API_KEY", /together/],
    [{ MicrosoftAppId: "abc" }, "MicrosoftAppPassword", /must be set/],
    [{ REDIS_URL: "http://127.0.0.1:6379" }, "REDIS_URL", /redis:\/\/ or rediss:\/\//],
    [{ REDIS_URL: "127.0.0.1:6379" }, "REDIS_URL", /redis:\/\/ or rediss:\/\//],
    [{ REDIS_URL: "redis://" }, "REDIS_URL", /redis:\/\/ or rediss:\/\//],
    [{ SKRANKE_REDIS_PREFIX: "a b" }, "SKRANKE_REDIS_PREFIX", /letters, digits/],
    [{ SKRANKE_BOTFRAMEWORK_AUTH: "false" }, "SKRANKE_BOTFRAMEWORK_AUTH", /on .* or off/],
    [{ SKRANKE_BOTFRAMEWORK_AUTH: "on" }, "SKRANKE_BOTFRAMEWORK_AUTH", /MicrosoftAppId and MicrosoftAppPassword/],
    [
      { SKRANKE_BOTFRAMEWORK_AUTH: "off", MicrosoftAppId: "abc", MicrosoftAppPassword: "x" },
      "SKRANKE_BOTFRAMEWORK_AUTH",
      /cannot be off while MicrosoftAppId is set/,
    ],
    [{ SKRANKE_BOTFRAMEWORK_SERVICE_URLS: "directline.example.no" }, "SKRANKE_BOTFRAMEWORK_SERVICE_URLS", /origin/],
    [
      { SKRANKE_BOTFRAMEWORK_SERVICE_URLS: "https://ok.example.no,https://x.example.no/path" },
      "SKRANKE_BOTFRAMEWORK_SERVICE_URLS",
      /x\.example\.no\/path/,
    ],
    [{ SKRANKE_BOTFRAMEWORK_SERVICE_URLS: "https://*.no" }, "SKRANKE_BOTFRAMEWORK_SERVICE_URLS", /origin/],
    [{ SKRANKE_BOTFRAMEWORK_SERVICE_URLS: "ftp://x.example.no" }, "SKRANKE_BOTFRAMEWORK_SERVICE_URLS", /origin/],
    [{ SKRANKE_BOTFRAMEWORK_SERVICE_URLS: "https://u:p@x.example.no" }, "SKRANKE_BOTFRAMEWORK_SERVICE_URLS", /origin/],
    [{ SKRANKE_BOTFRAMEWORK_RATE_LIMIT: "0" }, "SKRANKE_BOTFRAMEWORK_RATE_LIMIT", /whole number from 1/],
    [{ SKRANKE_AI_MODE: "chat" }, "SKRANKE_AI_MODE", /one of off, rerank, generate/],
    [{ SKRANKE_SQLITE_SYNCHRONOUS: "off" }, "SKRANKE_SQLITE_SYNCHRONOUS", /one of full, normal/],
    [{ SKRANKE_AI_MODE: "generate" }, "SKRANKE_AI_MODE", /AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT/],
    [{ AZURE_OPENAI_AUTH: "password" }, "AZURE_OPENAI_AUTH", /one of api-key, entra/],
    [
      { AZURE_OPENAI_AUTH: "entra", AZURE_OPENAI_ENDPOINT: "https://x.openai.azure.com" },
      "AZURE_OPENAI_DEPLOYMENT",
      /entra/,
    ],
    [
      { ...AZURE, AZURE_OPENAI_AUTH: "entra" },
      "AZURE_OPENAI_API_KEY",
      /must not be set when AZURE_OPENAI_AUTH is entra/,
    ],
    [{ ...AZURE, AZURE_OPENAI_ENDPOINT: "x.openai.azure.com" }, "AZURE_OPENAI_ENDPOINT", /URL/],
    [{ SKRANKE_AI_TIMEOUT_MS: "50" }, "SKRANKE_AI_TIMEOUT_MS", /from 100 to 60000/],
    [{ SKRANKE_AI_TIMEOUT_MS: "2s" }, "SKRANKE_AI_TIMEOUT_MS", /milliseconds/],
  ])("rejects %o naming %s", (env, variable, message) => {
    let error: unknown;
    try {
      loadConfig(env as NodeJS.ProcessEnv, "/x");
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).variable).toBe(variable);
    expect((error as ConfigError).message).toMatch(new RegExp(`^Configuration error: ${variable} `));
    expect((error as ConfigError).message).toMatch(message);
  });

  // A spawned server compiles with tsx first: on a busy machine that outlasts the default test timeout.
  it("stops the server with one clear line and a non-zero exit on a bad value", {
    timeout: SERVER_START_MS + 10_000,
  }, () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: ROOT,
      env: { ...process.env, PORT: "not-a-port", DATABASE_URL: "" },
      encoding: "utf8",
      timeout: SERVER_START_MS,
    });
    expect(run.status).toBe(1);
    expect(
      run.stderr
        .trim()
        .split("\n")
        .filter((l) => !l.includes("DeprecationWarning") && !l.includes("trace-deprecation")),
    ).toEqual(["Configuration error: PORT must be a whole number from 0 to 65535"]);
    expect(run.stdout).toBe("");
  });

  it("stops with a message naming REDIS_URL when Redis cannot be reached at start", {
    timeout: SERVER_START_MS + 10_000,
  }, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "skranke-redis-"));
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
        cwd: ROOT,
        env: { ...process.env, PORT: "0", DATABASE_URL: `file:${dir}/skranke.db`, REDIS_URL: "redis://127.0.0.1:1" },
        encoding: "utf8",
        timeout: SERVER_START_MS,
      });
      expect(run.status).toBe(1);
      expect(run.stderr).toMatch(/REDIS_URL: cannot connect to Redis at redis:\/\/127\.0\.0\.1:1 \(/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
