import { RateLimiterRes } from "rate-limiter-flexible";
import type restify from "restify";
import { ORG_HINT_FIELD } from "../../bot/channels.js";
import type { BotLogic } from "../../bot/event-turns.js";
import type { AppConfig } from "../../config/config.js";
import { clientAddressOf, type TrustProxy } from "../../config/trust-proxy.js";
import type { KnowledgeBase } from "../../core/knowledge/types.js";
import type { Logger } from "../../observability/logger.js";
import { sendError } from "../http/http-errors.js";
import type { LimiterStore } from "../http/rate-limiters.js";
import { requestLogger } from "../http/server.js";
import { processActivity } from "./bot-framework-response.js";
import { checkInboundActivity } from "./inbound-activity.js";
import type { SkrankeCloudAdapter } from "./skranke-cloud-adapter.js";

export interface BotFrameworkRouteDeps {
  adapter: SkrankeCloudAdapter;
  logic: BotLogic;
  knowledge: KnowledgeBase;
  settings: AppConfig["botFramework"];
  logger: Logger;
  /** Where the rate limit counts (Redis with REDIS_URL: one budget for every process). */
  limiters: LimiterStore;
  /** Whose X-Forwarded-For names the client (TRUST_PROXY). */
  trustProxy: TrustProxy;
}

/**
 * POST /api/messages: the Bot Framework messaging endpoint (Emulator, Azure
 * Bot Service). `?org=<slug>` ties the endpoint to one organisation (one Azure
 * bot registration per organisation); without it the bot answers for all.
 * Replies go to the activity's serviceUrl; the request ends when the turn has.
 *
 * In order: a per-client-address rate limit (SKRANKE_BOTFRAMEWORK_RATE_LIMIT
 * a minute, counted in the shared limiter store, the address as TRUST_PROXY
 * says); 503 when the endpoint is not configured (no MicrosoftAppId and
 * no SKRANKE_BOTFRAMEWORK_AUTH=off); the activity's shape, channel and
 * serviceUrl (inbound-activity.ts); then Bot Framework's own authentication.
 */
export function registerBotFrameworkRoute(http: restify.Server, deps: BotFrameworkRouteDeps): void {
  const { adapter, logic, knowledge, settings, logger } = deps;
  announce(settings, logger);
  const limiter = deps.limiters.limiter("botframework-messages", { points: settings.rateLimitPerMinute, duration: 60 });

  http.post("/api/messages", async (req, res) => {
    const address = clientAddressOf(req, deps.trustProxy);
    const limited = await limiter.consume(address).then(
      () => undefined,
      (rejection: unknown) => {
        // A store failure (not a used-up budget) lets the request through; the insurance limiter counts meanwhile.
        if (!(rejection instanceof RateLimiterRes)) return undefined;
        return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      },
    );
    if (limited !== undefined) {
      res.setHeader("retry-after", String(limited));
      sendError(res, "rate_limited", "too many requests to /api/messages; wait a moment");
      return;
    }
    if (settings.mode === "disabled") {
      sendError(res, "not_configured", DISABLED_MESSAGE);
      return;
    }
    const org = (req.query as Record<string, unknown> | undefined)?.org;
    if (org !== undefined && (typeof org !== "string" || !knowledge.organisations.has(org))) {
      sendError(res, "invalid_input", "org must be the slug of a known organisation");
      return;
    }
    const refusal = checkInboundActivity(req.body, adapter.serviceUrls);
    if (refusal) {
      requestLogger(req, logger).info({ status: refusal.status, reason: refusal.message }, "activity refused");
      sendError(res, refusal.code, refusal.message);
      return;
    }
    const body = req.body as { channelData?: Record<string, unknown> };
    // Only the endpoint's query names the organisation, never the sender's channelData.
    const { [ORG_HINT_FIELD]: _ignored, ...channelData } = body.channelData ?? {};
    body.channelData = org === undefined ? channelData : { ...channelData, [ORG_HINT_FIELD]: org };
    // Botbuilder's own error texts stay in the log (./bot-framework-response.ts).
    await processActivity(adapter, req, res, logic);
  });
}

const DISABLED_MESSAGE =
  "the Bot Framework endpoint is not configured: set MicrosoftAppId and MicrosoftAppPassword (Azure Bot Service), or SKRANKE_BOTFRAMEWORK_AUTH=off for the Bot Framework Emulator";

/** Says at start how /api/messages runs; unauthenticated mode as a warning nobody can miss. */
function announce(settings: AppConfig["botFramework"], logger: Logger): void {
  const extra = settings.serviceUrls.map((p) => `${p.protocol}//${p.host}${p.port ? `:${p.port}` : ""}`);
  switch (settings.mode) {
    case "authenticated":
      logger.info(
        { appType: settings.appType ?? "MultiTenant", extraServiceUrls: extra },
        "Bot Framework endpoint /api/messages: authenticated (MicrosoftAppId); replies only to Bot Framework's own hosts",
      );
      return;
    case "unauthenticated":
      logger.warn(
        { extraServiceUrls: extra },
        "Bot Framework endpoint /api/messages runs WITHOUT AUTHENTICATION (SKRANKE_BOTFRAMEWORK_AUTH=off): anyone who reaches this server can post activities as any user. For the Bot Framework Emulator on a developer's machine only; replies go only to loopback and SKRANKE_BOTFRAMEWORK_SERVICE_URLS",
      );
      return;
    default:
      logger.info(`Bot Framework endpoint /api/messages is off (answers 503): ${DISABLED_MESSAGE}`);
  }
}
