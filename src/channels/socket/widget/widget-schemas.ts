import { z } from "zod";

/** Payloads of the /widget namespace (docs/protocol.md). Anything else is refused with invalid_input. */

const trimmed = (min: number, max: number, what: string) =>
  z
    .string()
    .trim()
    .min(min, `${what} must be ${min} to ${max} characters`)
    .max(max, `${what} must be ${min} to ${max} characters`);

export const authSchema = z.object({
  org: z.string().trim().min(1).max(100),
  token: z.string().trim().min(1).max(200).optional(),
  lang: z.enum(["nb", "en"]).optional(),
});

export const widgetSchemas = {
  message: z.object({
    clientId: z
      .string()
      .min(1, "clientId must be 1 to 100 characters")
      .max(100, "clientId must be 1 to 100 characters"),
    text: trimmed(1, 4000, "text"),
    value: z.string().max(500).optional(),
  }),
  history: z.object({ afterId: z.number().int().min(0).optional() }),
  "handoff:request": z.object({
    summary: z.string().trim().max(500, "summary must be at most 500 characters").optional(),
  }),
  "handoff:cancel": z.object({}),
  typing: z.object({ typing: z.boolean() }),
  "offline-message": z
    .object({
      name: z.string().trim().max(200).optional(),
      email: z.string().trim().max(254).optional(),
      phone: z.string().trim().max(40).optional(),
      text: trimmed(1, 4000, "text"),
    })
    .refine((m) => Boolean(m.email) || Boolean(m.phone), { message: "give an e-mail address or a phone number" }),
  feedback: z.object({ messageId: z.number().int().positive(), helpful: z.boolean() }),
  rating: z.object({
    score: z.number().int().min(1, "score must be 1 to 5").max(5, "score must be 1 to 5"),
    comment: z.string().trim().max(1000, "comment must be at most 1000 characters").optional(),
  }),
  transcript: z.object({}),
  "conversation:end": z.object({}),
} as const;

export type WidgetEvent = keyof typeof widgetSchemas;
export type WidgetPayload<E extends WidgetEvent> = z.infer<(typeof widgetSchemas)[E]>;
