import { z } from "zod";

/**
 * The shape an activity POSTed to /api/messages must have before botbuilder
 * sees it: the fields Skranke reads, with their types. Botbuilder checks
 * less and answers what it does not like with its own error text (or a
 * 500); an activity outside this shape is a 400 `invalid_input` naming the
 * field instead. Other fields pass through untouched. The text rule for
 * every string is applied by the HTTP server (channels/http/text-guard.ts).
 */
const account = z.looseObject({
  id: z.string().max(500).optional(),
  name: z.string().max(500).optional(),
  role: z.string().max(50).optional(),
});

export const activityShape = z.looseObject({
  type: z.string().min(1).max(100),
  id: z.string().max(500).optional(),
  channelId: z.string().max(100).optional(),
  serviceUrl: z.string().max(2000).optional(),
  timestamp: z.string().max(100).optional(),
  locale: z.string().max(50).optional(),
  text: z.string().max(10_000).optional(),
  name: z.string().max(200).optional(),
  replyToId: z.string().max(500).optional(),
  from: account.optional(),
  recipient: account.optional(),
  conversation: z.looseObject({ id: z.string().max(500).optional(), name: z.string().max(500).optional() }).optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  membersAdded: z.array(account).max(100).optional(),
  membersRemoved: z.array(account).max(100).optional(),
  attachments: z.array(z.unknown()).max(50).optional(),
  entities: z.array(z.unknown()).max(50).optional(),
});
