import type { TurnContext } from "botbuilder";
import type { ConversationRecord, ConversationStateDocument } from "../core/conversations/conversation-records.js";
import type { Lang, Organisation } from "../core/knowledge/types.js";

/**
 * The stored conversation a turn belongs to, resolved once per turn by the
 * conversation middleware and read by the bot, the dialogs and the other
 * middleware.
 */
export interface TurnConversation {
  /** Conversation.id in the database. */
  id: string;
  organisationId: string;
  /** The organisation the conversation is filed under (name, hours, privacy link). */
  org: Organisation;
  /** The organisation the answers come from; undefined answers from every organisation. */
  scopedOrg: string | undefined;
  customerId: string | null;
  channel: string;
  status: "bot" | "queued" | "assigned" | "closed";
  language: Lang;
}

const KEY = Symbol("skranke.turnConversation");

export function setTurnConversation(context: TurnContext, conversation: TurnConversation): void {
  context.turnState.set(KEY, conversation);
}

export function findTurnConversation(context: TurnContext): TurnConversation | undefined {
  return context.turnState.get(KEY) as TurnConversation | undefined;
}

export function turnConversation(context: TurnContext): TurnConversation {
  const conversation = findTurnConversation(context);
  if (!conversation)
    throw new Error("no conversation resolved for this turn (is the conversation middleware installed?)");
  return conversation;
}

/**
 * The stored row a channel hands to its turn (just written by the channel's
 * own statement), with the bot's state documents of the conversation when
 * that statement read them (the turn's conversation state starts from them).
 */
export type LoadedConversation = Pick<
  ConversationRecord,
  "id" | "organisationId" | "customerId" | "channel" | "status" | "language"
> & { state?: readonly ConversationStateDocument[] };

const LOADED = Symbol("skranke.loadedConversation");

/** Gives the turn the conversation row the channel already has, so the conversation middleware does not read it. */
export function setLoadedConversation(context: TurnContext, conversation: LoadedConversation): void {
  context.turnState.set(LOADED, conversation);
}

export function findLoadedConversation(context: TurnContext): LoadedConversation | undefined {
  return context.turnState.get(LOADED) as LoadedConversation | undefined;
}
