import { z } from "zod";
import { RESOLUTIONS } from "../../../core/handoff/resolutions.js";

/** Payloads of the /agent namespace's client-to-server events (docs/protocol.md). */
const id = z.string().trim().min(1).max(64);
const optionalOrg = z.object({ organisationId: id.nullish() }).strict();

export const agentSchemas = {
  "queue:list": optionalOrg,
  "conversation:claim": z.object({ conversationId: id }).strict(),
  "conversation:open": z.object({ conversationId: id }).strict(),
  "conversation:unwatch": z.object({ conversationId: id }).strict(),
  "conversations:mine": z.object({}).strict(),
  message: z
    .object({ conversationId: id, clientId: z.string().min(1).max(100), text: z.string().trim().min(1).max(4000) })
    .strict(),
  typing: z.object({ conversationId: id, typing: z.boolean() }).strict(),
  note: z.object({ conversationId: id, text: z.string().trim().min(1).max(4000) }).strict(),
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
      title: z.string().trim().min(1).max(100),
      text: z.string().trim().min(1).max(4000),
      language: z.enum(["nb", "en"]),
    })
    .strict(),
  "canned:delete": z.object({ id }).strict(),
  "knowledge:search": z
    .object({
      query: z.string().trim().min(1).max(200),
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
