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

/** Who a key belongs to: the core's conversations and customers. */
export type BotStateOwners = Pick<ChannelConversations, "find" | "findExternal" | "customerExists">;

/** How many key → conversation id lookups are remembered. */
const CACHE_SIZE = 5000;

/**
 * botbuilder Storage in the project's database (BotState table): dialog
 * stacks and conversation/user data survive restarts and are shared by server
 * processes. Optimistic concurrency: a write with an eTag succeeds only when
 * the stored eTag is the same ("*" or none writes unconditionally), like
 * botbuilder's own storages. ConversationState keys ("<channel>/conversations/<id>/<namespace>")
 * are linked to their conversation so a purge removes them with it.
 */
export class DatabaseStorage implements Storage {
  private readonly conversationIds = new Map<string, string | null>();

  constructor(
    private readonly states: BotStateStore,
    private readonly owners: BotStateOwners,
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    if (!keys) throw new ReferenceError("Keys are required when reading.");
    const rows = await this.states.read(keys);
    const items: StoreItems = {};
    for (const row of rows) items[row.key] = { ...(JSON.parse(row.data) as object), eTag: row.eTag };
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    if (!changes) throw new ReferenceError("Changes are required when writing.");
    for (const [key, item] of Object.entries(changes)) {
      const { eTag, ...data } = (item ?? {}) as { eTag?: string; [k: string]: unknown };
      const next = await this.writeOne(key, JSON.stringify(data), eTag);
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
    await this.states.delete(keys);
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
