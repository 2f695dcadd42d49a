import { isResolution } from "../../src/core/handoff/resolutions.js";
import type {
  AssignmentChange,
  AssignmentUpdate,
  ConversationDetail,
  Hello,
  MessageView,
  NoteView,
  QueueDelta,
  StaffUser,
} from "../../src/protocol/agent.js";
import * as api from "./api.js";
import { Connection, RequestError } from "./connection.js";
import { fill, h } from "./dom.js";
import { type Action, errorText } from "./error-texts.js";
import { lang, setLang, type TextKey, t } from "./i18n.js";
import { Inbox } from "./inbox.js";
import { type Applied, applyDelta, fromSnapshot, hasGap } from "./queue-deltas.js";
import { ReportsPanel } from "./reports/reports-view.js";
import { type ShortcutCommand, shortcutOf } from "./shortcuts.js";
import { type ConsoleState, initialState, isSupervisor, type ListTab, type MainView, queueItems } from "./state.js";
import { cannedAdminView } from "./views/canned-admin-view.js";
import { contextView } from "./views/context-view.js";
import { canAct, conversationView, customerName, messageItem, typingText } from "./views/conversation-view.js";
import { confirmClose, shortcutsDialog } from "./views/dialogs.js";
import { inboxView } from "./views/inbox-view.js";
import { listTabs } from "./views/list-tabs.js";
import { mineView } from "./views/mine-view.js";
import { noteItem } from "./views/notes-view.js";
import { overviewView } from "./views/overview-view.js";
import { queueView } from "./views/queue-view.js";
import { toolsView } from "./views/tools-view.js";
import { topbar } from "./views/topbar.js";

/** A tab panel of the list pane (the queue, my chats, messages left). */
function listPanel(tab: "queue" | "mine" | "inbox"): HTMLElement {
  return h("section", {
    class: `list-panel ${tab}`,
    id: `list-${tab}`,
    role: "tabpanel",
    "aria-labelledby": `tab-${tab}`,
  });
}

/**
 * The signed-in console: holds the state, talks to the /agent namespace and
 * re-renders the region a change touches. Views only read the state and call
 * the actions below.
 */
export class ConsoleApp {
  readonly state: ConsoleState;
  /** Leave-a-message requests: the inbox panel's actions. */
  readonly inbox: Inbox;
  private readonly connection: Connection;
  private readonly regions = {
    top: h("div", { class: "top" }),
    tabs: h("div", { class: "tabs-slot" }),
    queue: listPanel("queue"),
    mine: listPanel("mine"),
    inbox: listPanel("inbox"),
    overview: h("section", { class: "main-view overview", "aria-labelledby": "overview-title" }),
    cannedAdmin: h("section", { class: "main-view canned-admin", "aria-labelledby": "canned-admin-title" }),
    reports: h("section", { class: "main-view reports", "aria-labelledby": "reports-title" }),
    conversation: h("section", { class: "pane conversation", "aria-labelledby": "conversation-title" }),
    context: h("aside", { class: "pane context", "aria-labelledby": "context-title" }),
    notice: h("p", { class: "notice", role: "status", "aria-live": "polite" }),
  };
  private readonly onKey = (e: KeyboardEvent) => this.shortcut(e);
  private typingTimer: number | undefined;
  private customerTypingTimer: number | undefined;
  private tick: number | undefined;
  private agentsRefresh: number | undefined;
  /** While a new queue snapshot is on its way: the changes received meanwhile, applied on top of it. */
  private queueHeld: QueueDelta[] | null = null;
  private queueGapTimer: number | undefined;
  /** Queue changes before a connection's hello are in hello's snapshot already. */
  private greeted = false;
  /** Supervisors: the reports view, shown in the main area instead of the chats while open. */
  private readonly reports: ReportsPanel;

  constructor(
    private readonly root: HTMLElement,
    private readonly token: string,
    user: StaffUser,
    private readonly onLoggedOut: (message?: string) => void,
  ) {
    this.state = initialState(user);
    this.connection = new Connection(token);
    this.inbox = new Inbox(this.state, this.connection, {
      render: () => {
        this.renderInbox();
        this.renderTop();
      },
      announce: (text) => this.announce(text),
      notify: (text) => this.notify(text),
      error: (err) => this.error(err),
      show: (conversation, offlineId) => this.show(conversation, offlineId),
      focus: (selector) => this.focus(selector),
    });
    this.reports = new ReportsPanel(
      this.regions.reports,
      token,
      () => this.state.organisations,
      (text) => this.announce(text),
    );
    this.wire();
    this.renderShell();
    document.addEventListener("keydown", this.onKey);
    // Waiting and idle timers tick on between server updates.
    this.tick = window.setInterval(() => {
      this.renderQueue();
      this.renderMine();
      this.renderInbox();
      this.renderOverview();
    }, 10_000);
  }

  // ---- wiring ----

  private wire(): void {
    const c = this.connection;
    c.socket.on("connect", () => {
      this.state.connected = true;
      this.renderTop();
    });
    c.socket.on("disconnect", () => {
      this.greeted = false;
      this.state.connected = false;
      this.renderTop();
    });
    c.socket.on("connect_error", (err: Error) => {
      if (err.message === "unauthenticated" || err.message === "forbidden") this.end(t("sessionEnded"));
    });
    // Logged out elsewhere, account disabled, password reset or session expired: back to the login form.
    c.on("session:ended", () => this.end(t("sessionEnded")));
    c.on("hello", (hello) => this.onHello(hello));
    c.on("queue:update", (u) => this.onQueue(u));
    c.on("message", (m) => this.onMessage(m));
    c.on("typing", (e) => this.onTyping(e));
    c.on("note", (n) => this.onNote(n));
    c.on("conversation:updated", (u) => void this.onAssignment(u));
    c.on("conversation:status", (s) => {
      if (this.state.current?.id !== s.conversationId) return;
      this.state.current.status = s.status;
      this.renderConversation();
    });
    c.on("presence", (p) => {
      if (p.agent.id === this.state.user.id && p.presence !== "offline") {
        this.state.presence = p.presence;
        this.renderTop();
      }
      this.refreshAgentsSoon();
    });
    c.on("supervisor:update", (o) => {
      this.state.overviews.set(o.organisationId, o);
      this.renderOverview();
    });
    c.on("customer:presence", (p) => {
      if (this.state.current?.id !== p.conversationId) return;
      this.state.customerConnected = p.connected;
      this.renderConversation();
    });
  }

  private onHello(hello: Hello): void {
    const s = this.state;
    s.user = hello.user;
    s.presence = hello.presence;
    s.organisations = hello.organisations;
    s.resolutions = hello.resolutions;
    this.queueHeld = null;
    this.greeted = true;
    const queues = fromSnapshot({ items: hello.queue, versions: hello.queueVersions }, Date.now());
    s.queues = queues.state;
    if (queues.resync) void this.resyncQueue();
    s.mine = hello.conversations;
    this.renderShell();
    void this.inbox.load();
    if (isSupervisor(s.user)) {
      void this.loadOverview();
      void this.loadCannedAdmin(s.cannedAdminOrg ?? s.organisations[0]?.id ?? "");
    }
    // After a reconnect: fetch what was missed in the open conversation.
    if (s.current && s.currentOfflineId) void this.inbox.openConversation(s.currentOfflineId, { quiet: true });
    else if (s.current) void this.open(s.current.id, { quiet: true });
  }

  private onQueue(delta: QueueDelta): void {
    if (!this.greeted) return;
    if (this.queueHeld) {
      this.queueHeld.push(delta);
      return;
    }
    this.queueApplied(applyDelta(this.state.queues, delta, Date.now()));
  }

  private queueApplied(applied: Applied): void {
    this.state.queues = applied.state;
    if (applied.joined.length > 0) this.announce(t("newInQueue"));
    this.renderQueue();
    this.renderTabs();
    window.clearTimeout(this.queueGapTimer);
    if (applied.resync) void this.resyncQueue();
    // A change missing between others: it may still come (another server process sent it); if not, resync.
    else if (hasGap(applied.state)) {
      this.queueGapTimer = window.setTimeout(() => {
        if (hasGap(this.state.queues)) void this.resyncQueue();
      }, 1_000);
    }
  }

  /** A new queue snapshot, with the changes that arrive meanwhile applied on top of it. */
  private async resyncQueue(): Promise<void> {
    if (this.queueHeld) return;
    const held: QueueDelta[] = [];
    this.queueHeld = held;
    try {
      const snapshot = await this.connection.request("queue:list", {});
      if (this.queueHeld !== held) return;
      this.queueHeld = null;
      this.queueApplied(fromSnapshot(snapshot, Date.now(), held));
    } catch {
      if (this.queueHeld === held) this.queueHeld = null;
      window.clearTimeout(this.queueGapTimer);
      this.queueGapTimer = window.setTimeout(() => void this.resyncQueue(), 2_000);
    }
  }

  private onMessage(m: MessageView): void {
    const current = this.state.current;
    if (m.role === "customer" || m.role === "agent") {
      this.state.lastActivity.set(m.conversationId, { at: Date.parse(m.createdAt) || Date.now(), from: m.role });
    }
    if (current?.id === m.conversationId) {
      if (current.messages.some((x) => x.id === m.id)) return;
      current.messages.push(m);
      if (m.role === "customer") {
        this.state.customerTyping = false;
        this.renderTyping();
      }
      const list = this.root.querySelector<HTMLOListElement>("#transcript-list");
      const scroller = this.root.querySelector<HTMLElement>("#transcript");
      if (list && scroller) {
        list.append(messageItem(m));
        scroller.scrollTop = scroller.scrollHeight;
      }
      return;
    }
    if (m.role === "customer" && this.state.mine.some((c) => c.conversationId === m.conversationId)) {
      this.state.unread.set(m.conversationId, (this.state.unread.get(m.conversationId) ?? 0) + 1);
      const who = this.state.mine.find((c) => c.conversationId === m.conversationId)?.customerName ?? t("customer");
      this.announce(t("newMessageFrom", { name: who }));
      this.renderMine();
      this.renderTabs();
    }
  }

  private onTyping(e: { conversationId: string; from: string; typing: boolean }): void {
    if (e.from !== "customer" || this.state.current?.id !== e.conversationId) return;
    this.state.customerTyping = e.typing;
    window.clearTimeout(this.customerTypingTimer);
    if (e.typing) {
      this.customerTypingTimer = window.setTimeout(() => {
        this.state.customerTyping = false;
        this.renderTyping();
      }, 8000);
    }
    this.renderTyping();
  }

  private onNote(n: NoteView): void {
    const current = this.state.current;
    if (current?.id !== n.conversationId || current.notes.some((x) => x.id === n.id)) return;
    current.notes.push(n);
    const list = this.root.querySelector("#notes-list");
    if (list) {
      list.querySelector(".empty")?.remove();
      list.append(noteItem(n));
    }
  }

  private async onAssignment(u: AssignmentUpdate): Promise<void> {
    const me = this.state.user.id;
    const messages: Partial<Record<AssignmentChange, TextKey>> = {
      customer_ended: "customerEnded",
    };
    const transferredToMe = u.agent?.id === me && u.change === "transferred" && u.by?.id !== me;
    if (u.previousAgent?.id === me && messages[u.change]) {
      this.announce(t(messages[u.change] as TextKey));
    }
    await this.refreshMine();
    if (transferredToMe) {
      // A colleague handed this chat to me: it opens here, without taking the keyboard from what I was typing.
      const customer = this.state.mine.find((c) => c.conversationId === u.conversationId)?.customerName;
      await this.open(u.conversationId, { quiet: true });
      this.showList("mine");
      this.notify(t("openedTransferred", { name: u.by?.displayName ?? "", customer: customer ?? t("anonymous") }));
      return;
    }
    if (this.state.current?.id === u.conversationId) {
      this.state.current.status = u.status;
      this.state.current.assignedAgent = u.agent;
      this.renderConversation();
    }
  }

  // ---- actions (called by views) ----

  async claim(conversationId: string): Promise<void> {
    try {
      const { conversation } = await this.connection.request("conversation:claim", { conversationId });
      this.show(conversation);
      this.announce(t("claimed"));
      await this.refreshMine();
      this.focus("#reply");
    } catch (err) {
      this.error(err, "claim");
    }
  }

  /** Claims the customer who has waited longest. */
  async claimNext(): Promise<void> {
    const next = queueItems(this.state)[0];
    if (!next) {
      this.notify(t("queueEmptyNothingToClaim"));
      return;
    }
    await this.claim(next.conversationId);
  }

  async open(conversationId: string, options: { quiet?: boolean } = {}): Promise<void> {
    try {
      const { conversation } = await this.connection.request("conversation:open", { conversationId });
      this.state.unread.delete(conversationId);
      this.show(conversation);
      this.renderMine();
      this.renderTabs();
      if (!options.quiet) this.focus("#conversation-title");
    } catch (err) {
      if (!options.quiet) this.error(err);
    }
  }

  /** `offlineId`: opened from that leave-a-message request, to read. */
  private show(conversation: ConversationDetail, offlineId: string | null = null): void {
    const previous = this.state.current?.id;
    if (previous && previous !== conversation.id) {
      this.connection.send("conversation:unwatch", { conversationId: previous });
    }
    if (previous !== conversation.id) {
      this.stopTyping();
      if (this.state.knowledgeResults?.organisationId !== conversation.organisation.id) {
        this.state.knowledgeResults = null;
      }
      this.state.customerTyping = false;
    }
    const last = [...conversation.messages].reverse().find((m) => m.role === "customer" || m.role === "agent");
    if (last && (last.role === "customer" || last.role === "agent")) {
      this.state.lastActivity.set(conversation.id, { at: Date.parse(last.createdAt), from: last.role });
    }
    this.state.current = conversation;
    this.state.currentOfflineId = offlineId;
    // Another chat: its context starts at the top (the customer), not where the last one was scrolled to.
    if (previous !== conversation.id) this.regions.context.scrollTop = 0;
    this.state.customerConnected = conversation.escalation?.customerConnected ?? true;
    this.renderConversation();
    void this.loadTools(conversation.organisation.id);
  }

  async sendMessage(text: string): Promise<boolean> {
    const current = this.state.current;
    if (!current || text.trim() === "") return false;
    this.stopTyping();
    try {
      const { message } = await this.connection.request("message", {
        conversationId: current.id,
        clientId: crypto.randomUUID(),
        text,
      });
      this.onMessage(message);
      this.state.drafts.delete(current.id);
      return true;
    } catch (err) {
      this.error(err, "send");
      return false;
    }
  }

  /** The agent typed in the reply box: tell the customer, and stop telling after a pause. */
  typed(): void {
    const current = this.state.current;
    if (!current) return;
    if (this.typingTimer === undefined) {
      this.connection.send("typing", { conversationId: current.id, typing: true });
    } else {
      window.clearTimeout(this.typingTimer);
    }
    this.typingTimer = window.setTimeout(() => this.stopTyping(), 3000);
  }

  private stopTyping(): void {
    if (this.typingTimer === undefined) return;
    window.clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    if (this.state.current) this.connection.send("typing", { conversationId: this.state.current.id, typing: false });
  }

  async addNote(text: string): Promise<boolean> {
    const current = this.state.current;
    if (!current || text.trim() === "") return false;
    try {
      const { note } = await this.connection.request("note", { conversationId: current.id, text });
      this.onNote(note);
      return true;
    } catch (err) {
      this.error(err);
      return false;
    }
  }

  async transfer(toAgentId: string | null): Promise<void> {
    const current = this.state.current;
    if (!current) return;
    try {
      await this.connection.request("conversation:transfer", { conversationId: current.id, toAgentId });
      this.announce(t(toAgentId ? "transferred" : "requeued"));
      this.leaveConversation();
    } catch (err) {
      this.error(err, "transfer");
    }
  }

  async release(): Promise<void> {
    const current = this.state.current;
    if (!current) return;
    try {
      await this.connection.request("conversation:release", { conversationId: current.id });
      this.announce(t("released"));
      this.leaveConversation();
    } catch (err) {
      this.error(err);
    }
  }

  async close(resolution: string): Promise<void> {
    const current = this.state.current;
    if (!current || !isResolution(resolution)) return;
    try {
      await this.connection.request("conversation:close", { conversationId: current.id, resolution });
      this.announce(t("closed"));
      this.leaveConversation();
    } catch (err) {
      this.error(err, "close");
    }
  }

  private leaveConversation(): void {
    this.stopTyping();
    const id = this.state.current?.id;
    if (id) {
      this.state.drafts.delete(id);
      this.state.unread.delete(id);
      this.state.lastActivity.delete(id);
    }
    this.state.current = null;
    this.state.currentOfflineId = null;
    void this.refreshMine();
    this.renderConversation();
    this.focus(`#${this.state.listTab}-title`);
  }

  async setPresence(presence: "online" | "away"): Promise<void> {
    try {
      const r = await this.connection.request("presence:set", { presence });
      this.state.presence = r.presence;
      this.renderTop();
    } catch (err) {
      this.error(err);
    }
  }

  async searchKnowledge(query: string): Promise<void> {
    const current = this.state.current;
    if (!current || query.trim() === "") return;
    try {
      const { results } = await this.connection.request("knowledge:search", {
        query,
        language: current.language === "en" ? "en" : "nb",
        organisationId: current.organisation.id,
      });
      this.state.knowledgeQuery = query;
      this.state.knowledgeResults = { query, organisationId: current.organisation.id, hits: results };
      this.renderTools();
      this.focus("#knowledge-results");
    } catch (err) {
      this.error(err);
    }
  }

  /** Puts a canned response or a knowledge answer into the reply box, for the agent to edit and send. */
  insert(text: string): void {
    const box = this.root.querySelector<HTMLTextAreaElement>("#reply");
    if (!box) return;
    const before = box.value.trim();
    box.value = before ? `${before}\n\n${text}` : text;
    if (this.state.current) this.state.drafts.set(this.state.current.id, box.value);
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }

  /** Shows a supervisor view (overview, canned responses, reports) in the main area, or the chat again. */
  showView(view: MainView): void {
    const next = isSupervisor(this.state.user) ? view : "chat";
    this.state.mainView = next;
    this.renderShell();
    if (next === "reports") this.reports.open();
    if (next === "overview") void this.loadOverview();
    this.focus(
      next === "reports"
        ? "#reports-title"
        : next === "overview"
          ? "#overview-title"
          : next === "canned"
            ? "#canned-admin-title"
            : "#conversation-title",
    );
  }

  /** Chooses the list pane's tab (queue, mine, messages). */
  showList(tab: ListTab, options: { focusTab?: boolean; focusTitle?: boolean } = {}): void {
    if (this.state.mainView !== "chat" && options.focusTitle) this.showView("chat");
    this.state.listTab = tab;
    for (const name of ["queue", "mine", "inbox"] as const) this.regions[name].hidden = name !== tab;
    this.renderTabs();
    if (options.focusTab) this.focus(`#tab-${tab}`);
    if (options.focusTitle) this.focus(`#${tab}-title`);
  }

  /** Moves to the next (or previous) of my chats. */
  private async step(direction: 1 | -1): Promise<void> {
    const list = this.state.mine;
    if (list.length === 0) return;
    const i = list.findIndex((c) => c.conversationId === this.state.current?.id);
    const next = list[i < 0 ? (direction === 1 ? 0 : list.length - 1) : (i + direction + list.length) % list.length];
    if (!next) return;
    this.showList("mine");
    if (this.state.mainView !== "chat") this.showView("chat");
    await this.open(next.conversationId, { quiet: true });
    this.focus(this.root.querySelector("#reply") ? "#reply" : "#conversation-title");
  }

  /** The console-wide keyboard shortcuts (shortcuts.ts; listed in the "?" dialog). */
  private shortcut(e: KeyboardEvent): void {
    if (document.querySelector("dialog[open]")) return;
    const command: ShortcutCommand | null = shortcutOf(e);
    if (!command) return;
    e.preventDefault();
    switch (command) {
      case "next":
      case "previous":
        void this.step(command === "next" ? 1 : -1);
        return;
      case "claim":
        void this.claimNext();
        return;
      case "canned": {
        const first =
          this.root.querySelector<HTMLElement>(".canned-option[tabindex='0']") ??
          this.root.querySelector<HTMLElement>(".canned-option");
        first?.focus();
        return;
      }
      case "close":
        if (canAct(this)) confirmClose(this, customerName(this));
        return;
      case "reply":
        this.root.querySelector<HTMLElement>("#reply")?.focus();
        return;
      case "help":
        shortcutsDialog();
        return;
    }
  }

  /** Re-fetches the colleagues a chat can be transferred to (before the transfer dialog opens). */
  async refreshAgents(): Promise<void> {
    const current = this.state.current;
    if (!current) return;
    try {
      const { agents } = await this.connection.request("agents:list", { organisationId: current.organisation.id });
      this.state.agents = agents;
    } catch {
      // The list from when the chat opened.
    }
  }

  switchLanguage(): void {
    setLang(lang() === "nb" ? "en" : "nb");
    document.title = t("appTitle");
    this.renderShell();
  }

  async logout(): Promise<void> {
    // Closed first, so this tab is not also told `session:ended` by its own logout.
    this.connection.close();
    await api.logout(this.token);
    this.end();
  }

  private end(message?: string): void {
    window.clearInterval(this.tick);
    document.removeEventListener("keydown", this.onKey);
    for (const d of document.querySelectorAll("dialog")) d.remove();
    this.connection.close();
    this.onLoggedOut(message);
  }

  async loadCannedAdmin(organisationId: string): Promise<void> {
    if (!organisationId) return;
    try {
      const { responses } = await this.connection.request("canned:list", {
        organisationId,
      });
      this.state.cannedAdminOrg = organisationId;
      this.state.cannedAdmin = responses;
      this.renderCannedAdmin();
    } catch (err) {
      this.error(err);
    }
  }

  async saveCanned(input: { title: string; text: string; language: "nb" | "en" }): Promise<boolean> {
    const organisationId = this.state.cannedAdminOrg;
    if (!organisationId) return false;
    try {
      await this.connection.request("canned:save", { ...input, organisationId });
      await this.loadCannedAdmin(organisationId);
      if (this.state.current?.organisation.id === organisationId) void this.loadTools(organisationId);
      return true;
    } catch (err) {
      this.error(err);
      return false;
    }
  }

  async deleteCanned(id: string): Promise<void> {
    const organisationId = this.state.cannedAdminOrg;
    if (!organisationId) return;
    try {
      await this.connection.request("canned:delete", { id });
      await this.loadCannedAdmin(organisationId);
      if (this.state.current?.organisation.id === organisationId) void this.loadTools(organisationId);
    } catch (err) {
      this.error(err);
    }
  }

  // ---- loading ----

  private async refreshMine(): Promise<void> {
    try {
      const { conversations } = await this.connection.request("conversations:mine");
      this.state.mine = conversations;
      const open = new Set(conversations.map((c) => c.conversationId));
      for (const id of this.state.unread.keys()) if (!open.has(id)) this.state.unread.delete(id);
      this.renderMine();
      this.renderTabs();
    } catch {
      // The next update will try again.
    }
  }

  private async loadTools(organisationId: string): Promise<void> {
    try {
      const [canned, agents] = await Promise.all([
        this.connection.request("canned:list", { organisationId }),
        this.connection.request("agents:list", { organisationId }),
      ]);
      this.state.canned = canned.responses;
      this.state.agents = agents.agents;
      this.renderTools();
    } catch {
      // Tools stay empty; the chat itself works.
    }
  }

  private refreshAgentsSoon(): void {
    const current = this.state.current;
    if (!current || this.agentsRefresh !== undefined) return;
    this.agentsRefresh = window.setTimeout(async () => {
      this.agentsRefresh = undefined;
      try {
        const { agents } = await this.connection.request("agents:list", {
          organisationId: current.organisation.id,
        });
        this.state.agents = agents;
      } catch {
        // Keep the old list.
      }
    }, 500);
  }

  private async loadOverview(): Promise<void> {
    try {
      const { overviews } = await this.connection.request("supervisor:overview");
      this.state.overviews = new Map(overviews.map((o) => [o.organisationId, o]));
      this.renderOverview();
    } catch {
      // Shown when the first update arrives.
    }
  }

  // ---- rendering ----

  /**
   * The workspace: the top bar, then three panes filling the window (no page
   * scroll; each pane scrolls on its own): the lists, the conversation with
   * its composer at the bottom, the context panel. Supervisors' views take
   * the place of the conversation and context panes.
   */
  private renderShell(): void {
    document.title = t("appTitle");
    const view = isSupervisor(this.state.user) ? this.state.mainView : "chat";
    for (const name of ["queue", "mine", "inbox"] as const) this.regions[name].hidden = name !== this.state.listTab;
    const lists = h(
      "div",
      { class: "pane lists" },
      this.regions.tabs,
      h("div", { class: "list-body" }, this.regions.queue, this.regions.mine, this.regions.inbox),
    );
    const mainArea =
      view === "chat"
        ? [this.regions.conversation, this.regions.context]
        : [
            h(
              "div",
              { class: "pane main-area" },
              view === "overview"
                ? this.regions.overview
                : view === "canned"
                  ? this.regions.cannedAdmin
                  : this.regions.reports,
            ),
          ];
    fill(
      this.root,
      this.regions.top,
      h("main", { id: "main", class: `workspace view-${view}`, tabindex: "-1" }, lists, ...mainArea),
      this.regions.notice,
    );
    this.renderTop();
    this.renderTabs();
    this.renderQueue();
    this.renderMine();
    this.renderInbox();
    if (view === "overview") this.renderOverview();
    if (view === "canned") this.renderCannedAdmin();
    if (view === "reports") this.renderReports();
    if (view === "chat") this.renderConversation();
  }

  private renderReports(): void {
    this.keepFocus(this.regions.reports, () => this.reports.render());
  }

  private renderCannedAdmin(): void {
    if (!isSupervisor(this.state.user)) return;
    this.keepFocus(this.regions.cannedAdmin, () => fill(this.regions.cannedAdmin, cannedAdminView(this)));
  }

  private renderTop(): void {
    this.keepFocus(this.regions.top, () => fill(this.regions.top, topbar(this)));
  }

  private renderTabs(): void {
    this.keepFocus(this.regions.tabs, () => fill(this.regions.tabs, listTabs(this)));
  }

  private renderQueue(): void {
    this.keepFocus(this.regions.queue, () => fill(this.regions.queue, queueView(this)));
  }

  private renderMine(): void {
    this.keepFocus(this.regions.mine, () => fill(this.regions.mine, mineView(this)));
  }

  private renderInbox(): void {
    this.keepFocus(this.regions.inbox, () => fill(this.regions.inbox, inboxView(this)));
  }

  private renderOverview(): void {
    if (!isSupervisor(this.state.user)) return;
    fill(this.regions.overview, overviewView(this));
  }

  private renderConversation(): void {
    this.keepFocus(this.regions.conversation, () => {
      fill(this.regions.conversation, conversationView(this));
      const list = this.regions.conversation.querySelector("#transcript");
      if (list) list.scrollTop = list.scrollHeight;
    });
    this.renderContext();
  }

  private renderContext(): void {
    this.keepFocus(this.regions.context, () => fill(this.regions.context, contextView(this)));
  }

  private renderTools(): void {
    const slot = this.root.querySelector("#tools");
    if (slot) this.keepFocus(slot, () => fill(slot, toolsView(this)));
  }

  private renderTyping(): void {
    const el = this.root.querySelector("#typing");
    if (el) el.textContent = typingText(this);
  }

  /** Re-rendering a region should not throw the keyboard user out of it. */
  private keepFocus(region: Element, render: () => void): void {
    const active = document.activeElement as HTMLElement | null;
    const id = active && region.contains(active) ? active.id : "";
    const selection =
      active instanceof HTMLTextAreaElement || active instanceof HTMLInputElement
        ? [active.selectionStart, active.selectionEnd]
        : null;
    render();
    if (!id) return;
    const again = document.getElementById(id);
    if (!again) return;
    again.focus();
    if (selection && (again instanceof HTMLTextAreaElement || again instanceof HTMLInputElement)) {
      again.setSelectionRange(selection[0] ?? 0, selection[1] ?? 0);
    }
  }

  private focus(selector: string): void {
    window.setTimeout(() => this.root.querySelector<HTMLElement>(selector)?.focus(), 0);
  }

  announce(text: string): void {
    const live = document.getElementById("announcer");
    if (!live) return;
    live.textContent = "";
    window.setTimeout(() => {
      live.textContent = text;
    }, 50);
  }

  /** A failed request, told in the console's language (error-texts.ts); the server's English message is not shown. */
  private error(err: unknown, action: Action = "other"): void {
    const code = err instanceof RequestError ? err.code : "internal";
    this.notify(errorText(code, action), { error: true });
  }

  /** A short message in the corner (a status region, so it is also read out); gone after 8 s. */
  private notify(text: string, options: { error?: boolean } = {}): void {
    this.regions.notice.textContent = text;
    this.regions.notice.classList.toggle("error", options.error === true);
    window.setTimeout(() => {
      if (this.regions.notice.textContent === text) {
        this.regions.notice.textContent = "";
        this.regions.notice.classList.remove("error");
      }
    }, 8000);
  }
}
