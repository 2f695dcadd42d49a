/** The channel id of the web widget's conversations (Bot Framework channels use their own ids). */
export const WIDGET_CHANNEL = "widget";

/**
 * channelData field through which the /api/messages route passes the
 * organisation named in the messaging endpoint (`/api/messages?org=<slug>`).
 */
export const ORG_HINT_FIELD = "skrankeOrg";
