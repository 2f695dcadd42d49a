import { BotState, type Storage, type TurnContext } from "botbuilder";
import { findTurnConversation } from "./turn-conversation.js";

/** The storage key of a customer's user state: "<channel>/customers/<customer id>". */
export function customerStateKey(channelId: string, customerId: string): string {
  return `${channelId}/customers/${customerId}`;
}

/** The customer id in a user-state key made by {@link customerStateKey}, if it is one. */
export function customerIdOfStateKey(key: string): string | null {
  const match = /^[^/]+\/customers\/([^/]+)$/.exec(key);
  return match?.[1] ?? null;
}

/**
 * The bot's user state, kept per stored customer rather than per channel
 * user (botbuilder's UserState): the row is linked to the customer, so a
 * data-subject erasure or the retention purge that deletes the customer
 * deletes it too, and two organisations never share one user's state. Turns
 * without a customer (none resolved yet) fall back to the channel user.
 */
export class CustomerUserState extends BotState {
  constructor(storage: Storage) {
    super(storage, async (context: TurnContext) => {
      const channelId = context.activity?.channelId;
      if (!channelId) throw new Error("missing activity.channelId");
      const customerId = findTurnConversation(context)?.customerId;
      if (customerId) return customerStateKey(channelId, customerId);
      const userId = context.activity.from?.id;
      if (!userId) throw new Error("missing activity.from.id");
      return `${channelId}/users/${userId}`;
    });
  }
}
