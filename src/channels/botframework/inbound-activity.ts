import { z } from "zod";
import { namesWidgetChannel } from "../../bot/channels.js";
import type { ServiceUrlPolicy } from "./service-url-policy.js";

/**
 * What /api/messages checks in an activity before Bot Framework sees it:
 * the fields routing depends on are present and sane, the activity does not
 * name the widget's channel, and its serviceUrl is one the bot may reply to.
 * A refusal here means nothing was stored, no turn ran and nothing was sent.
 */
const inboundActivity = z.looseObject({
  type: z.string().min(1).max(100),
  channelId: z.string().trim().min(1).max(100),
  serviceUrl: z.string().min(1).max(2048),
  conversation: z.looseObject({ id: z.string().min(1).max(1000) }),
});

export type InboundRefusal = { status: 400 | 403; code: "invalid_input" | "forbidden"; message: string };

export function checkInboundActivity(body: unknown, serviceUrls: ServiceUrlPolicy): InboundRefusal | undefined {
  const parsed = inboundActivity.safeParse(body);
  if (!parsed.success) {
    return {
      status: 400,
      code: "invalid_input",
      message: "send a Bot Framework activity: JSON with type, channelId, serviceUrl and conversation.id",
    };
  }
  if (namesWidgetChannel(parsed.data.channelId)) {
    return {
      status: 400,
      code: "invalid_input",
      message: 'channelId "widget" is the web widget\'s own channel; Bot Framework activities cannot name it',
    };
  }
  if (!serviceUrls.allows(parsed.data.serviceUrl)) {
    return {
      status: 403,
      code: "forbidden",
      message: "serviceUrl is not an allowed Bot Framework service URL (see SKRANKE_BOTFRAMEWORK_SERVICE_URLS)",
    };
  }
  return undefined;
}
