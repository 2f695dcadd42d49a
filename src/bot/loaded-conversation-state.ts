import { ConversationState, type Storage, type TurnContext } from "botbuilder";
import { isStatePreloader } from "./database-storage.js";
import { findLoadedConversation, setLoadedConversation } from "./turn-conversation.js";

/**
 * botbuilder's ConversationState, which starts a turn from the state
 * documents its channel already read with the conversation's row (the
 * widget's message statement) instead of reading them again. Only the
 * turn's first load uses them, and only when the channel handed them to
 * this turn (no other turn of the conversation was ahead of it); the eTag
 * they carry keeps the write at the end of the turn conditional as before,
 * so a turn of another server process that wrote meanwhile is still a
 * conflict.
 */
export class LoadedConversationState extends ConversationState {
  constructor(private readonly states: Storage) {
    super(states);
  }

  override async load(context: TurnContext, force = false): Promise<unknown> {
    const loaded = findLoadedConversation(context);
    const documents = loaded?.state;
    const storage = this.states;
    if (!loaded || !documents || !isStatePreloader(storage)) return super.load(context, force);
    // Once: a later load (after a delete, or forced) reads the database.
    const { state: _used, ...rest } = loaded;
    setLoadedConversation(context, rest);
    const key = this.getStorageKey(context);
    if (force || !key) return super.load(context, force);
    storage.preload(key, documents.find((d) => d.key === key) ?? null, loaded.id);
    try {
      return await super.load(context, force);
    } finally {
      storage.forgetPreloaded(key);
    }
  }
}
