import { z } from "zod";
import { RESOLUTIONS } from "../core/handoff/resolutions.js";
import { TEXT_LIMITS } from "../core/validation/limits.js";
import { boundedText, storableString } from "../core/validation/text.js";

/**
 * Payloads of the /agent namespace's client-to-server events
 * (docs/protocol.md). Every string obeys the text rule (core/validation/text.ts).
 */
const id = storableString().trim().min(1).max(TEXT_LIMITS.id);
const messageText = boundedText("text", 1, TEXT_LIMITS.message);
const optionalOrg = z.object({ organisationId: id.nullish() }).strict();

export const agentSchemas = {
  "queue:list": optionalOrg,
  "conversation:claim": z.object({ conversationId: id }).strict(),
  "conversation:open": z.object({ conversationId: id }).strict(),
  "conversation:unwatch": z.object({ conversationId: id }).strict(),
  "conversations:mine": z.object({}).strict(),
  message: z
    .object({ conversationId: id, clientId: storableString().min(1).max(TEXT_LIMITS.clientId), text: messageText })
    .strict(),
  typing: z.object({ conversationId: id, typing: z.boolean() }).strict(),
  note: z.object({ conversationId: id, text: messageText }).strict(),
  "conversation:transfer": z.object({ conversationId: id, toAgentId: id.nullish() }).strict(),
  "conversation:release": z.object({ conversationId: id }).strict(),
  "conversation:close": z.object({ conversationId: id, resolution: z.enum(RESOLUTIONS) }).strict(),
  "presence:set": z.object({ presence: z.enum(["online", "away"]) }).strict(),
  "agents:list": optionalOrg,
  "canned:list": optionalOrg,
  "canned:save": z
    .object({
      id: id.nullish(),
      organisationId: id.nullish(),
      title: boundedText("title", 1, TEXT_LIMITS.title),
      text: messageText,
      language: z.enum(["nb", "en"]),
    })
    .strict(),
  "canned:delete": z.object({ id }).strict(),
  "knowledge:search": z
    .object({
      query: boundedText("query", 1, 200),
      language: z.enum(["nb", "en"]).default("nb"),
      organisationId: id.nullish(),
    })
    .strict(),
  "supervisor:overview": optionalOrg,
  "offline:list": optionalOrg,
  "offline:handle": z.object({ id }).strict(),
  "offline:conversation": z.object({ id }).strict(),
} as const;

export type AgentEvent = keyof typeof agentSchemas;
export type AgentPayload<E extends AgentEvent> = z.output<(typeof agentSchemas)[E]>;
