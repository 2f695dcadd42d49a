import type restify from "restify";
import { ORG_HINT_FIELD } from "../../bot/channels.js";
import type { BotLogic } from "../../bot/event-turns.js";
import type { KnowledgeBase } from "../../core/knowledge/types.js";
import { sendError } from "../http/http-errors.js";
import { processActivity } from "./bot-framework-response.js";
import type { SkrankeCloudAdapter } from "./skranke-cloud-adapter.js";

/**
 * POST /api/messages: the Bot Framework messaging endpoint (Emulator, Azure
 * Bot Service). `?org=<slug>` ties the endpoint to one organisation (one Azure
 * bot registration per organisation); without it the bot answers for all.
 * Replies go to the activity's serviceUrl; the request ends when the turn has.
 */
export function registerBotFrameworkRoute(
  http: restify.Server,
  adapter: SkrankeCloudAdapter,
  logic: BotLogic,
  knowledge: KnowledgeBase,
): void {
  http.post("/api/messages", async (req, res) => {
    const org = (req.query as Record<string, unknown> | undefined)?.org;
    if (org !== undefined && (typeof org !== "string" || !knowledge.organisations.has(org))) {
      sendError(res, "invalid_input", "org must be the slug of a known organisation");
      return;
    }
    const body = req.body as { channelData?: Record<string, unknown> } | undefined;
    if (body && typeof body === "object") {
      // Only the endpoint's query names the organisation, never the sender's channelData.
      const { [ORG_HINT_FIELD]: _ignored, ...channelData } = body.channelData ?? {};
      body.channelData = org === undefined ? channelData : { ...channelData, [ORG_HINT_FIELD]: org };
    }
    // Botbuilder's own error texts stay in the log (./bot-framework-response.ts).
    await processActivity(adapter, req, res, logic);
  });
}
