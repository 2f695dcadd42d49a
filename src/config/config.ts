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

/** One of a few words (case-insensitive); unset or empty: undefined. */
function oneOf<const T extends string>(values: readonly T[]) {
  return z
    .string()
    .trim()
    .optional()
    .transform((v, ctx): T | undefined => {
      if (v === undefined || v === "") return undefined;
      const word = v.toLowerCase();
      if ((values as readonly string[]).includes(word)) return word as T;
      ctx.addIssue({ code: "custom", message: `must be one of ${values.join(", ")}` });
      return z.NEVER;
    });
}

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
  AZURE_OPENAI_AUTH: oneOf(["api-key", "entra"]),
  SKRANKE_AI_MODE: oneOf(["off", "rerank", "generate"]),
  SKRANKE_SQLITE_SYNCHRONOUS: oneOf(["full", "normal"]),
  SKRANKE_AI_TIMEOUT_MS: z
    .string()
    .trim()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v === "") return undefined;
      if (!/^\d+$/.test(v) || Number(v) < 100 || Number(v) > 60_000) {
        ctx.addIssue({ code: "custom", message: "must be a whole number of milliseconds from 100 to 60000" });
        return z.NEVER;
      }
      return Number(v);
    }),
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
  /**
   * SQLite's `synchronous` (SKRANKE_SQLITE_SYNCHRONOUS): full (the default) syncs the write-ahead log
   * to disk at every commit, so an acknowledged message survives a power loss; normal syncs only at
   * checkpoints (it survives a crash or kill of the process, not of the machine) and a turn costs
   * far less. docs/deployment.md.
   */
  sqliteSynchronous: "full" | "normal";
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
  /** The Azure OpenAI deployment (AZURE_OPENAI_*); undefined: no language model anywhere. */
  azureOpenAI: AzureOpenAIConfig | undefined;
  /** What the language model does (SKRANKE_AI_MODE) and how long an answer waits for it (SKRANKE_AI_TIMEOUT_MS). */
  ai: { mode: AiMode; timeoutMs: number | undefined };
}

export type AiMode = "off" | "rerank" | "generate";

export interface AzureOpenAIConfig {
  endpoint: string;
  deployment: string;
  apiVersion: string;
  /** api-key: the `api-key` header; entra: Entra ID tokens from DefaultAzureCredential (`Authorization: Bearer`). */
  auth: "api-key" | "entra";
  /** Set exactly when `auth` is api-key. */
  apiKey: string | undefined;
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
  const azureOpenAI = azureOpenAIFrom(e);
  const mode: AiMode = e.SKRANKE_AI_MODE ?? (azureOpenAI ? "rerank" : "off");
  if (mode !== "off" && !azureOpenAI) {
    throw new ConfigError(
      "SKRANKE_AI_MODE",
      `is ${mode}, so AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_DEPLOYMENT (and AZURE_OPENAI_API_KEY or AZURE_OPENAI_AUTH=entra) must be set`,
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
    sqliteSynchronous: e.SKRANKE_SQLITE_SYNCHRONOUS ?? "full",
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
    azureOpenAI,
    ai: { mode, timeoutMs: e.SKRANKE_AI_TIMEOUT_MS },
  };
}

/**
 * AZURE_OPENAI_*: endpoint and deployment go together with an API key (AZURE_OPENAI_AUTH=api-key,
 * the default) or with AZURE_OPENAI_AUTH=entra and no key.
 */
function azureOpenAIFrom(e: z.output<typeof envSchema>): AzureOpenAIConfig | undefined {
  const auth = e.AZURE_OPENAI_AUTH ?? "api-key";
  if (auth === "entra" && e.AZURE_OPENAI_API_KEY !== undefined) {
    throw new ConfigError(
      "AZURE_OPENAI_API_KEY",
      "must not be set when AZURE_OPENAI_AUTH is entra (tokens replace the key)",
    );
  }
  const required =
    auth === "api-key"
      ? (["AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_KEY", "AZURE_OPENAI_DEPLOYMENT"] as const)
      : (["AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_DEPLOYMENT"] as const);
  const set = required.filter((name) => e[name] !== undefined);
  if (set.length === 0 && e.AZURE_OPENAI_AUTH === undefined) return undefined;
  const missing = required.find((name) => e[name] === undefined);
  if (missing) {
    throw new ConfigError(
      missing,
      auth === "entra"
        ? "must be set when AZURE_OPENAI_AUTH is entra"
        : "must be set together with the other AZURE_OPENAI_* variables (or set AZURE_OPENAI_AUTH=entra instead of a key)",
    );
  }
  const endpoint = e.AZURE_OPENAI_ENDPOINT as string;
  try {
    const u = new URL(endpoint);
    if (u.protocol !== "https:" && u.protocol !== "http:") throw new Error("protocol");
  } catch {
    throw new ConfigError("AZURE_OPENAI_ENDPOINT", "must be a URL such as https://NAME.openai.azure.com");
  }
  return {
    endpoint,
    deployment: e.AZURE_OPENAI_DEPLOYMENT as string,
    apiVersion: e.AZURE_OPENAI_API_VERSION,
    auth,
    apiKey: auth === "api-key" ? e.AZURE_OPENAI_API_KEY : undefined,
  };
}
