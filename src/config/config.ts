import path from "node:path";
import { z } from "zod";
import {
  type BotFrameworkEndpointMode,
  botFrameworkAuthSetting,
  type ServiceUrlPattern,
  serviceUrlsSetting,
} from "./botframework-settings.js";
import { DEFAULT_LIMITS, type Limits, rateLimit } from "./limits.js";
import { parseTrustProxy, type TrustProxy } from "./trust-proxy.js";

/**
 * Server configuration, read from environment variables and validated once at
 * start. A bad value stops the server with a message naming the variable.
 * Documented in README.md ("Configuration").
 */

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const intInRange = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return fallback;
      if (!/^-?\d+$/.test(v)) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      const n = Number(v);
      if (n < min || n > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}` });
        return z.NEVER;
      }
      return n;
    });

const databaseUrl = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return undefined;
    if (/^postgres(ql)?:\/\//.test(v)) {
      try {
        new URL(v);
      } catch {
        ctx.addIssue({ code: "custom", message: "is not a valid postgresql:// URL" });
        return z.NEVER;
      }
      return v;
    }
    if (v.startsWith("file:")) return v;
    ctx.addIssue({
      code: "custom",
      message:
        "must start with postgresql:// (PostgreSQL) or file: (SQLite), or be unset for the embedded SQLite database",
    });
    return z.NEVER;
  });

const redisUrl = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return undefined;
    try {
      const u = new URL(v);
      if ((u.protocol === "redis:" || u.protocol === "rediss:") && u.hostname !== "") return v;
    } catch {
      // reported below
    }
    ctx.addIssue({ code: "custom", message: "must be a redis:// or rediss:// URL such as redis://127.0.0.1:6379" });
    return z.NEVER;
  });

/** A bearer token for /metrics: unset or empty turns /metrics off; set, it must be long enough not to be guessed. */
const metricsToken = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === "") return undefined;
    if (v.length >= 16 && /^[\x21-\x7e]+$/.test(v)) return v;
    ctx.addIssue({ code: "custom", message: "must be at least 16 printable characters without spaces (or unset)" });
    return z.NEVER;
  });

const envSchema = z.object({
  PORT: intInRange(0, 65535, 3978),
  HOST: optionalString.default("0.0.0.0"),
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      const level = v === undefined || v === "" ? "info" : v.toLowerCase();
      if (!(LOG_LEVELS as readonly string[]).includes(level)) {
        ctx.addIssue({ code: "custom", message: `must be one of ${LOG_LEVELS.join(", ")}` });
        return z.NEVER;
      }
      return level as (typeof LOG_LEVELS)[number];
    }),
  NODE_ENV: optionalString,
  SKRANKE_METRICS_TOKEN: metricsToken,
  SKRANKE_KNOWLEDGE_DIR: optionalString,
  SKRANKE_PUBLIC_URL: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      try {
        const u = new URL(v);
        if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("protocol");
        return u.toString().replace(/\/$/, "");
      } catch {
        ctx.addIssue({ code: "custom", message: "must be an http(s) URL such as https://chat.example.no" });
        return z.NEVER;
      }
    }),
  SKRANKE_SESSION_TTL_HOURS: intInRange(1, 24 * 30, 12),
  SKRANKE_SHUTDOWN_TIMEOUT_MS: intInRange(100, 120_000, 10_000),
  SKRANKE_PURGE_HOUR: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "" || v === "off") return undefined;
      if (!/^\d{1,2}$/.test(v) || Number(v) > 23) {
        ctx.addIssue({ code: "custom", message: "must be an hour from 0 to 23 (Europe/Oslo), or off" });
        return z.NEVER;
      }
      return Number(v);
    }),
  SKRANKE_QUEUE_GRACE_SECONDS: intInRange(0, 3600, 120),
  REDIS_URL: redisUrl,
  SKRANKE_REDIS_PREFIX: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return "skranke";
      if (!/^[A-Za-z0-9:_.-]{1,64}$/.test(v)) {
        ctx.addIssue({ code: "custom", message: "must be 1 to 64 letters, digits or : _ . -" });
        return z.NEVER;
      }
      return v;
    }),
  TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return parseTrustProxy(v);
      } catch (err) {
        ctx.addIssue({ code: "custom", message: (err as Error).message });
        return z.NEVER;
      }
    }),
  SKRANKE_LIMIT_MESSAGES: rateLimit(DEFAULT_LIMITS.messages),
  SKRANKE_LIMIT_WRITES: rateLimit(DEFAULT_LIMITS.writes),
  SKRANKE_LIMIT_NEW_CUSTOMERS: rateLimit(DEFAULT_LIMITS.newCustomers),
  SKRANKE_LIMIT_STAFF_WRITES: rateLimit(DEFAULT_LIMITS.staffWrites),
  SKRANKE_LIMIT_LOGINS: rateLimit(DEFAULT_LIMITS.logins),
  SKRANKE_LOGIN_LOCKOUT_FAILURES: intInRange(1, 100, DEFAULT_LIMITS.loginLockout.failures),
  SKRANKE_LOGIN_LOCKOUT_MINUTES: intInRange(1, 24 * 60, DEFAULT_LIMITS.loginLockout.minutes),
  SKRANKE_SESSION_CHECK_SECONDS: intInRange(1, 300, 5),
  SKRANKE_DATABASE_TIMEOUT_MS: intInRange(500, 120_000, 5_000),
  MicrosoftAppId: optionalString,
  MicrosoftAppPassword: optionalString,
  MicrosoftAppType: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      if (!["MultiTenant", "SingleTenant", "UserAssignedMSI"].includes(v)) {
        ctx.addIssue({ code: "custom", message: "must be MultiTenant, SingleTenant or UserAssignedMSI" });
        return z.NEVER;
      }
      return v;
    }),
  MicrosoftAppTenantId: optionalString,
  SKRANKE_BOTFRAMEWORK_AUTH: botFrameworkAuthSetting,
  SKRANKE_BOTFRAMEWORK_SERVICE_URLS: serviceUrlsSetting,
  SKRANKE_BOTFRAMEWORK_RATE_LIMIT: intInRange(1, 1_000_000, 300),
  AZURE_OPENAI_ENDPOINT: optionalString,
  AZURE_OPENAI_API_KEY: optionalString,
  AZURE_OPENAI_DEPLOYMENT: optionalString,
  AZURE_OPENAI_API_VERSION: optionalString.default("2024-10-21"),
});

/** Every environment variable the server reads (deployment files are checked against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

export type DatabaseConfig =
  | { provider: "sqlite"; file: string; url: string }
  | { provider: "postgresql"; url: string };

export { DEFAULT_LIMITS, type Limits, type RateLimit } from "./limits.js";

export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseConfig;
  logLevel: (typeof LOG_LEVELS)[number];
  knowledgeDir: string;
  publicUrl: string | undefined;
  /** NODE_ENV is not `production`: the widget may also be embedded on localhost and this server's own host. */
  development: boolean;
  sessionTtlHours: number;
  shutdownTimeoutMs: number;
  purgeHour: number | undefined;
  queueGraceSeconds: number;
  limits: Limits;
  /** Which proxies' X-Forwarded-For is believed (TRUST_PROXY). */
  trustProxy: TrustProxy;
  /** How often open staff sockets are checked against their sessions (revocations from elsewhere, expiry). */
  sessionCheckSeconds: number;
  /** Connect, pool-wait and statement timeout of the database (SQLite: how long a write waits for the lock). */
  databaseTimeoutMs: number;
  /** Redis for the Socket.IO adapter shared by several server processes; undefined: one process, in memory. */
  redis: RedisConfig | undefined;
  /** The bearer token GET /metrics requires (SKRANKE_METRICS_TOKEN); undefined: /metrics answers not_configured. */
  metricsToken: string | undefined;
  botFramework: {
    appId: string | undefined;
    appPassword: string | undefined;
    appType: string | undefined;
    tenantId: string | undefined;
    /** authenticated (MicrosoftAppId), unauthenticated (SKRANKE_BOTFRAMEWORK_AUTH=off) or disabled (neither). */
    mode: BotFrameworkEndpointMode;
    /** serviceUrl origins allowed besides Bot Framework's own (authenticated) or loopback (unauthenticated). */
    serviceUrls: ServiceUrlPattern[];
    /** Requests per minute one client address may send to /api/messages. */
    rateLimitPerMinute: number;
  };
  azureOpenAI: { endpoint: string; apiKey: string; deployment: string; apiVersion: string } | undefined;
}

export interface RedisConfig {
  url: string;
  /** Prefix of every Redis key and channel this server uses (so deployments can share a Redis). */
  prefix: string;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    detail: string,
  ) {
    super(`Configuration error: ${variable} ${detail}`);
    this.name = "ConfigError";
  }
}

/** Resolves DATABASE_URL to a provider; unset means SQLite under ./data/. */
export function resolveDatabase(url: string | undefined, cwd = process.cwd()): DatabaseConfig {
  if (url === undefined) {
    const file = path.resolve(cwd, "data", "skranke.db");
    return { provider: "sqlite", file, url: `file:${file}` };
  }
  if (url.startsWith("file:")) {
    const file = path.resolve(cwd, url.slice("file:".length));
    return { provider: "sqlite", file, url: `file:${file}` };
  }
  return { provider: "postgresql", url };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? "environment");
    throw new ConfigError(variable, issue?.message ?? "is invalid");
  }
  const e = parsed.data;
  const ai = [e.AZURE_OPENAI_ENDPOINT, e.AZURE_OPENAI_API_KEY, e.AZURE_OPENAI_DEPLOYMENT];
  const aiSet = ai.filter((v) => v !== undefined).length;
  if (aiSet > 0 && aiSet < 3) {
    const missing = ["AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_DEPLOYMENT"].find(
      (_, i) => ai[i] === undefined,
    );
    throw new ConfigError(
      missing ?? "AZURE_OPENAI_ENDPOINT",
      "must be set together with the other AZURE_OPENAI_* variables",
    );
  }
  if (e.MicrosoftAppId && !e.MicrosoftAppPassword && e.MicrosoftAppType !== "UserAssignedMSI") {
    throw new ConfigError("MicrosoftAppPassword", "must be set when MicrosoftAppId is set");
  }
  if (e.SKRANKE_BOTFRAMEWORK_AUTH === "on" && !e.MicrosoftAppId) {
    throw new ConfigError("SKRANKE_BOTFRAMEWORK_AUTH", "is on, so MicrosoftAppId and MicrosoftAppPassword must be set");
  }
  if (e.SKRANKE_BOTFRAMEWORK_AUTH === "off" && e.MicrosoftAppId) {
    throw new ConfigError(
      "SKRANKE_BOTFRAMEWORK_AUTH",
      "cannot be off while MicrosoftAppId is set (unset MicrosoftAppId to run unauthenticated for the Emulator)",
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    database: resolveDatabase(e.DATABASE_URL, cwd),
    logLevel: e.LOG_LEVEL,
    knowledgeDir: path.resolve(cwd, e.SKRANKE_KNOWLEDGE_DIR ?? "knowledge"),
    publicUrl: e.SKRANKE_PUBLIC_URL,
    development: e.NODE_ENV?.toLowerCase() !== "production",
    sessionTtlHours: e.SKRANKE_SESSION_TTL_HOURS,
    shutdownTimeoutMs: e.SKRANKE_SHUTDOWN_TIMEOUT_MS,
    purgeHour: e.SKRANKE_PURGE_HOUR,
    queueGraceSeconds: e.SKRANKE_QUEUE_GRACE_SECONDS,
    limits: {
      messages: e.SKRANKE_LIMIT_MESSAGES,
      writes: e.SKRANKE_LIMIT_WRITES,
      newCustomers: e.SKRANKE_LIMIT_NEW_CUSTOMERS,
      staffWrites: e.SKRANKE_LIMIT_STAFF_WRITES,
      logins: e.SKRANKE_LIMIT_LOGINS,
      loginLockout: { failures: e.SKRANKE_LOGIN_LOCKOUT_FAILURES, minutes: e.SKRANKE_LOGIN_LOCKOUT_MINUTES },
    },
    trustProxy: e.TRUST_PROXY,
    sessionCheckSeconds: e.SKRANKE_SESSION_CHECK_SECONDS,
    databaseTimeoutMs: e.SKRANKE_DATABASE_TIMEOUT_MS,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.SKRANKE_REDIS_PREFIX } : undefined,
    metricsToken: e.SKRANKE_METRICS_TOKEN,
    botFramework: {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId,
      mode: e.MicrosoftAppId ? "authenticated" : e.SKRANKE_BOTFRAMEWORK_AUTH === "off" ? "unauthenticated" : "disabled",
      serviceUrls: e.SKRANKE_BOTFRAMEWORK_SERVICE_URLS,
      rateLimitPerMinute: e.SKRANKE_BOTFRAMEWORK_RATE_LIMIT,
    },
    azureOpenAI:
      aiSet === 3
        ? {
            endpoint: e.AZURE_OPENAI_ENDPOINT as string,
            apiKey: e.AZURE_OPENAI_API_KEY as string,
            deployment: e.AZURE_OPENAI_DEPLOYMENT as string,
            apiVersion: e.AZURE_OPENAI_API_VERSION,
          }
        : undefined,
  };
}
