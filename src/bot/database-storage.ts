import type { Storage, StoreItems } from "botbuilder";
import type { ChannelConversations } from "../core/conversations/channel-conversations.js";
import { WIDGET_CHANNEL } from "./channels.js";
import { customerIdOfStateKey } from "./customer-user-state.js";

/** What a state row belongs to: deleting either deletes the row. */
export interface BotStateOwner {
  conversationId: string | null;
  customerId: string | null;
}

/**
 * Where the state documents are kept (src/storage's BotStateRepository).
 * `write` returns the new eTag; `expectedETag` undefined or "*" writes
 * unconditionally, otherwise a stale eTag is a conflict error.
 */
export interface BotStateStore {
  read(keys: string[]): Promise<Array<{ key: string; data: string; eTag: string }>>;
  write(key: string, data: string, expectedETag: string | undefined, owner: BotStateOwner): Promise<string>;
  delete(keys: string[]): Promise<void>;
}

/**
 * A storage that can be handed a document read elsewhere (with the
 * conversation's row, in the statement that stored the customer's message),
 * for the next read of its key only. `document` null: there is none yet.
 */
export interface StatePreloader {
  preload(key: string, document: { data: string; eTag: string } | null, conversationId: string): void;
  /** Drops a preloaded document nobody read. */
  forgetPreloaded(key: string): void;
}

export function isStatePreloader(storage: Storage): storage is Storage & StatePreloader {
  const s = storage as Partial<StatePreloader>;
  return typeof s.preload === "function" && typeof s.forgetPreloaded === "function";
}

/** A stored document as botbuilder's state reads it. */
function storeItemOf(row: { data: string; eTag: string }): StoreItems[string] {
  return { ...(JSON.parse(row.data) as object), eTag: row.eTag };
}

/** Who a key belongs to: the core's conversations and customers. */
export type BotStateOwners = Pick<ChannelConversations, "find" | "findExternal" | "customerExists">;

/** No eTag is ever this: a write under way, or one that failed (what is stored is not known). */
const PENDING = "\u0000pending";

/** How many key → conversation id lookups (and keys last written by this process) are remembered. */
const CACHE_SIZE = 5000;

/**
 * botbuilder Storage in the project's database (BotState table): dialog
 * stacks and conversation/user data survive restarts and are shared by server
 * processes. Optimistic concurrency: a write with an eTag succeeds only when
 * the stored eTag is the same ("*" or none writes unconditionally), like
 * botbuilder's own storages. ConversationState keys ("<channel>/conversations/<id>/<namespace>")
 * are linked to their conversation so a purge removes them with it.
 */
export class DatabaseStorage implements Storage, StatePreloader {
  private readonly conversationIds = new Map<string, string | null>();
  /** Documents read with the turn's first statement, handed to the turn's first read of the key (preload). */
  private readonly preloaded = new Map<string, StoreItems[string] | null>();
  /**
   * The eTag this process last wrote per key (null: deleted; PENDING while a
   * write is under way or after one failed), most recent last: a preloaded
   * document older than this process's own last write is not used.
   */
  private readonly written = new Map<string, string | null>();

  constructor(
    private readonly states: BotStateStore,
    private readonly owners: BotStateOwners,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError("Keys are required when reading.");
    const items: StoreItems = {};
    const rest: string[] = [];
    for (const key of keys) {
      if (!this.preloaded.has(key)) {
        rest.push(key);
        continue;
      }
      const item = this.preloaded.get(key);
      this.preloaded.delete(key);
      if (item) items[key] = item;
    }
    if (rest.length === 0) return items;
    for (const row of await this.states.read(rest)) items[row.key] = storeItemOf(row);
    return items;
  }

  preload(key: string, document: { data: string; eTag: string } | null, conversationId: string): void {
    // Read before this process's last write of the key landed (the previous turn saved its state after the
    // customer's next message was stored, say): the turn reads the database instead.
    const last = this.written.get(key);
    if (last !== undefined && last !== (document?.eTag ?? null)) return;
    this.preloaded.set(key, document ? storeItemOf(document) : null);
    if (this.conversationIds.size >= CACHE_SIZE) this.conversationIds.clear();
    this.conversationIds.set(key, conversationId);
  }

  forgetPreloaded(key: string): void {
    this.preloaded.delete(key);
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError("Changes are required when writing.");
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...data } = (item ?? {}) as { eTag?: string; [k: string]: unknown };
      this.noteWritten(key, PENDING);
      const next = await this.writeOne(key, JSON.stringify(data), eTag);
      this.noteWritten(key, next);
      // Later writes in the same turn carry the new eTag.
      if (item && typeof item === "object" && eTag !== "*") (item as { eTag?: string }).eTag = next;
    }
  }

  private async writeOne(key: string, data: string, eTag: string | undefined): Promise<string> {
    try {
      return await this.states.write(key, data, eTag, await this.ownerOf(key));
    } catch (err) {
      if ((err as { code?: string }).code !== "P2003") throw err;
      // The conversation was purged since its id was cached, or the customer was deleted: look again.
      this.conversationIds.delete(key);
      const owner = await this.ownerOf(key);
      const customerId =
        owner.customerId && (await this.owners.customerExists(owner.customerId)) ? owner.customerId : null;
      return this.states.write(key, data, eTag, { ...owner, customerId });
    }
  }

  async delete(keys: string[]): Promise<void> {
    if (!keys) throw new ReferenceError("Keys are required when deleting.");
    for (const key of keys) this.noteWritten(key, PENDING);
    await this.states.delete(keys);
    for (const key of keys) this.noteWritten(key, null);
  }

  private noteWritten(key: string, eTag: string | null): void {
    this.written.delete(key);
    if (this.written.size >= CACHE_SIZE) {
      const oldest = this.written.keys().next();
      if (!oldest.done) this.written.delete(oldest.value);
    }
    this.written.set(key, eTag);
  }

  /** The conversation (ConversationState) or customer (CustomerUserState) a key belongs to. */
  private async ownerOf(key: string): Promise<BotStateOwner> {
    return { conversationId: await this.conversationIdOf(key), customerId: customerIdOfStateKey(key) };
  }

  /** The stored conversation a ConversationState key belongs to, if any. */
  private async conversationIdOf(key: string): Promise<string | null> {
    if (this.conversationIds.has(key)) return this.conversationIds.get(key) ?? null;
    const match = /^([^/]+)\/conversations\/(.+)\/[^/]*$/.exec(key);
    let id: string | null = null;
    if (match?.[1] && match[2]) {
      const [, channel, externalId] = match;
      const found =
        channel === WIDGET_CHANNEL
          ? await this.owners.find(externalId)
          : await this.owners.findExternal(channel, externalId);
      id = found?.id ?? null;
    }
    if (id !== null) {
      if (this.conversationIds.size >= CACHE_SIZE) this.conversationIds.clear();
      this.conversationIds.set(key, id);
    }
    return id;
  }
}
