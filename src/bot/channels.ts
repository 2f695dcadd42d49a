/** The channel id of the web widget's conversations (Bot Framework channels use their own ids). */
export const WIDGET_CHANNEL = "widget";

/**
 * Which kind of adapter the bot's middleware runs on: the widget's own
 * adapter (conversations keyed by their stored id) or a Bot Framework adapter
 * (conversations keyed by channel and the channel's conversation id). A turn
 * only ever reaches conversations created on its own kind of adapter.
 */
export type AdapterChannel = "widget" | "botframework";

/** Whether a Bot Framework activity's channelId names the widget (any letter case). */
export function namesWidgetChannel(channelId: unknown): boolean {
  return typeof channelId === "string" && channelId.trim().toLowerCase() === WIDGET_CHANNEL;
}

/**
 * channelData field through which the /api/messages route passes the
 * organisation named in the messaging endpoint (`/api/messages?org=<slug>`).
 */
export const ORG_HINT_FIELD = "skrankeOrg";
