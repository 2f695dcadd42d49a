import type { TurnContext } from "botbuilder";
import { findTurnConversation } from "../src/bot/turn-conversation.js";
import type { Lang } from "../src/core/knowledge/types.js";

const KEY = Symbol("skranke.turnLang");

/** The language the bot speaks in this turn: the last reply's, else the conversation's. */
export function turnLang(context: TurnContext): Lang {
  return (context.turnState.get(KEY) as Lang | undefined) ?? findTurnConversation(context)?.language ?? "nb";
}

export function setTurnLang(context: TurnContext, lang: Lang): void {
  context.turnState.set(KEY, lang);
}
