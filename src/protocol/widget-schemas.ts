import { z } from "zod";
import { TEXT_LIMITS } from "../core/validation/limits.js";
import { boundedText, storableString } from "../core/validation/text.js";

/**
 * Payloads of the /widget namespace (docs/protocol.md). Anything else is
 * refused with invalid_input; every string obeys the text rule
 * (core/validation/text.ts).
 */

export const authSchema = z.object({
  org: storableString().trim().min(1).max(100),
  token: storableString().trim().min(1).max(200).optional(),
  lang: z.enum(["nb", "en"]).optional(),
});

export const widgetSchemas = {
  message: z.object({
    clientId: storableString()
      .min(1, `clientId must be 1 to ${TEXT_LIMITS.clientId} characters`)
      .max(TEXT_LIMITS.clientId, `clientId must be 1 to ${TEXT_LIMITS.clientId} characters`),
    text: boundedText("text", 1, TEXT_LIMITS.message),
    value: storableString().max(TEXT_LIMITS.summary).optional(),
  }),
  history: z.object({ afterId: z.number().int().min(0).optional() }),
  "handoff:request": z.object({
    summary: boundedText("summary", 0, TEXT_LIMITS.summary).optional(),
  }),
  "handoff:cancel": z.object({}),
  typing: z.object({ typing: z.boolean() }),
  "offline-message": z
    .object({
      name: boundedText("name", 0, TEXT_LIMITS.name).optional(),
      email: boundedText("email", 0, TEXT_LIMITS.email).optional(),
      phone: boundedText("phone", 0, TEXT_LIMITS.phone).optional(),
      text: boundedText("text", 1, TEXT_LIMITS.message),
    })
    .refine((m) => Boolean(m.email) || Boolean(m.phone), { message: "give an e-mail address or a phone number" }),
  feedback: z.object({ messageId: z.number().int().positive(), helpful: z.boolean() }),
  rating: z.object({
    score: z.number().int().min(1, "score must be 1 to 5").max(5, "score must be 1 to 5"),
    comment: boundedText("comment", 0, TEXT_LIMITS.comment).optional(),
  }),
  transcript: z.object({}),
  "conversation:end": z.object({}),
} as const;

export type WidgetEvent = keyof typeof widgetSchemas;
export type WidgetPayload<E extends WidgetEvent> = z.infer<(typeof widgetSchemas)[E]>;
