import type { ConversationDetail, OfflineMessageView } from "../../src/protocol/agent.js";
import type { Connection } from "./connection.js";
import { RequestError } from "./connection.js";
import { dateTime } from "./format.js";
import { t } from "./i18n.js";
import type { ConsoleState } from "./state.js";

/** What the inbox needs of the console around it. */
export interface InboxHost {
  render(): void;
  announce(text: string): void;
  /** Shows a short message (also read out). */
  notify(text: string): void;
  error(err: unknown): void;
  /** Shows a conversation opened from a request (read only). */
  show(conversation: ConversationDetail, offlineId: string): void;
  focus(selector: string): void;
}

/**
 * Leave-a-message requests (docs/protocol.md, `offline:*`): loads the
 * unhandled ones, follows `offline:new` and `offline:handled`, marks one
 * handled and opens the chat it was left from.
 */
export class Inbox {
  private refill: number | undefined;

  constructor(
    private readonly state: ConsoleState,
    private readonly connection: Connection,
    private readonly host: InboxHost,
  ) {
    connection.on("offline:new", (m) => this.added(m));
    connection.on("offline:handled", (m) => this.removed(m.id));
  }

  async load(): Promise<void> {
    try {
      const { messages, total } = await this.connection.request("offline:list");
      this.state.offline = { messages, total };
      this.host.render();
    } catch {
      // Shown when the next change arrives, or after a reconnect.
    }
  }

  async handle(id: string): Promise<void> {
    const next = this.neighbour(id);
    try {
      const { status, message } = await this.connection.request("offline:handle", { id });
      if (status === "handled") {
        this.host.announce(t("handledDone"));
      } else {
        this.host.notify(
          t("alreadyHandled", {
            name: message.handledBy?.displayName ?? "",
            when: message.handledAt ? dateTime(message.handledAt) : "",
          }),
        );
      }
      this.removed(id);
    } catch (err) {
      // Deleted meanwhile (a purge or an erasure): it is gone from the list too.
      if (err instanceof RequestError && err.code === "not_found") this.removed(id);
      this.host.error(err);
    }
    // Focus stays on the button while the request is still listed; else it moves on to the next one.
    if (this.state.offline.messages.some((m) => m.id === id)) return;
    this.host.focus(next ? `#offline-handle-${next}` : "#inbox-title");
  }

  async openConversation(id: string, options: { quiet?: boolean } = {}): Promise<void> {
    try {
      const { conversation } = await this.connection.request("offline:conversation", { id });
      this.host.show(conversation, id);
      if (!options.quiet) this.host.focus("#conversation-title");
    } catch (err) {
      if (!options.quiet) this.host.error(err);
    }
  }

  private added(m: OfflineMessageView): void {
    const inbox = this.state.offline;
    if (inbox.messages.some((x) => x.id === m.id)) return;
    // A list cut at the server's limit holds the oldest: the newest only counts.
    if (inbox.total === inbox.messages.length) {
      inbox.messages.push(m);
      inbox.messages.sort((x, y) => x.createdAt.localeCompare(y.createdAt));
    }
    inbox.total += 1;
    this.host.announce(t("newOfflineMessage", { name: m.name ?? m.email ?? m.phone ?? t("anonymous") }));
    this.host.render();
  }

  private removed(id: string): void {
    const inbox = this.state.offline;
    const before = inbox.messages.length;
    inbox.messages = inbox.messages.filter((m) => m.id !== id);
    if (inbox.messages.length < before) {
      inbox.total = Math.max(inbox.messages.length, inbox.total - 1);
      this.host.render();
    }
    // More wait beyond the list's limit (perhaps this one): fetch the list again, once for a burst of changes.
    if (inbox.total > inbox.messages.length && this.refill === undefined) {
      this.refill = window.setTimeout(() => {
        this.refill = undefined;
        void this.load();
      }, 500);
    }
  }

  /** The request after (else before) `id`, where focus goes once `id` leaves the list. */
  private neighbour(id: string): string | undefined {
    const list = this.state.offline.messages;
    const i = list.findIndex((m) => m.id === id);
    return (list[i + 1] ?? list[i - 1])?.id;
  }
}
