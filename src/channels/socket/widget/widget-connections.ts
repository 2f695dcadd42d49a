import type { Namespace } from "socket.io";
import { WIDGET_CHANNEL } from "../../../bot/channels.js";
import type { CustomerConnections } from "../../../core/handoff/restart-recovery.js";
import { widgetRoom } from "./widget-rooms.js";

/**
 * Whether a widget customer has a tab open: a socket in the conversation's
 * room on any server process. fetchSockets() asks the adapter, so with the
 * Redis adapter it sees every process, not only this one.
 */
export function widgetConnections(nsp: Namespace): CustomerConnections {
  return {
    channel: WIDGET_CHANNEL,
    async isConnected(conversationId) {
      return (await nsp.in(widgetRoom(conversationId)).fetchSockets()).length > 0;
    },
  };
}
