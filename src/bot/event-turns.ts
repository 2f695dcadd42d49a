import type { Activity, BotAdapter, TurnContext } from "botbuilder";

export type BotLogic = (context: TurnContext) => Promise<void>;

/**
 * An adapter that can run a turn for an activity the bot did not receive from
 * the channel (a `handoff.status` event from the handoff hub, a hand-back):
 * the turn goes through the adapter's middleware and can reply on the channel.
 */
export interface EventTurnAdapter {
  runEventTurn(activity: Partial<Activity>, logic: BotLogic): Promise<void>;
}

export function canRunEventTurns(adapter: BotAdapter): adapter is BotAdapter & EventTurnAdapter {
  return typeof (adapter as Partial<EventTurnAdapter>).runEventTurn === "function";
}
