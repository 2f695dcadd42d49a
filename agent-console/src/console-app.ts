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
import { lang, setLang, type TextKey, t } from "./i18n.js";
import { Inbox } from "./inbox.js";
import { type Applied, applyDelta, fromSnapshot, hasGap } from "./queue-deltas.js";
import { ReportsPanel } from "./reports/reports-view.js";
import { type ConsoleState, initialState, isSupervisor } from "./state.js";
import { actionsView } from "./views/actions-view.js";
import { cannedAdminView } from "./views/canned-admin-view.js";
import { conversationView, messageItem, typingText } from "./views/conversation-view.js";
import { inboxView } from "./views/inbox-view.js";
import { mineView } from "./views/mine-view.js";
import { noteItem } from "./views/notes-view.js";
import { overviewView } from "./views/overview-view.js";
import { queueView } from "./views/queue-view.js";
import { toolsView } from "./views/tools-view.js";
import { topbar } from "./views/topbar.js";

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
    top: h("div"),
    queue: h("section", { class: "panel queue", "aria-labelledby": "queue-title" }),
    mine: h("section", { class: "panel mine", "aria-labelledby": "mine-title" }),
    inbox: h("section", { class: "panel inbox", "aria-labelledby": "inbox-title" }),
    overview: h("section", { class: "panel overview", "aria-labelledby": "overview-title" }),
    cannedAdmin: h("section", { class: "panel canned-admin", "aria-labelledby": "canned-admin-title" }),
    reports: h("section", { class: "reports", "aria-labelledby": "reports-title" }),
    conversation: h("section", { class: "conversation", "aria-labelledby": "conversation-title" }),
    notice: h("p", { class: "notice", role: "status", "aria-live": "polite" }),
  };
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
  showingReports = false;

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
    this.tick = window.setInterval(() => {
      this.renderQueue();
      this.renderInbox();
      this.renderOverview();
    }, 15_000);
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
      this.state.unread.add(m.conversationId);
      const who = this.state.mine.find((c) => c.conversationId === m.conversationId)?.customerName ?? t("customer");
      this.announce(t("newMessageFrom", { name: who }));
      this.renderMine();
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
    if (u.agent?.id === me && u.change === "transferred" && u.by?.id !== me) {
      this.announce(t("assignedToYou", { name: u.by?.displayName ?? "" }));
    } else if (u.previousAgent?.id === me && messages[u.change]) {
      this.announce(t(messages[u.change] as TextKey));
    }
    await this.refreshMine();
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
      this.error(err);
    }
  }

  async open(conversationId: string, options: { quiet?: boolean } = {}): Promise<void> {
    try {
      const { conversation } = await this.connection.request("conversation:open", { conversationId });
      this.state.unread.delete(conversationId);
      this.show(conversation);
      this.renderMine();
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
      this.state.draft = "";
      this.state.knowledgeResults = null;
      this.state.customerTyping = false;
    }
    this.state.current = conversation;
    this.state.currentOfflineId = offlineId;
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
      this.state.draft = "";
      return true;
    } catch (err) {
      this.error(err);
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
      this.error(err);
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
      this.error(err);
    }
  }

  private leaveConversation(): void {
    this.stopTyping();
    this.state.current = null;
    this.state.currentOfflineId = null;
    this.state.draft = "";
    void this.refreshMine();
    this.renderConversation();
    this.focus("#queue-title");
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
      this.state.knowledgeResults = results;
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
    this.state.draft = box.value;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
  }

  /** Opens or closes the reports view (supervisors and admins). */
  toggleReports(): void {
    this.showingReports = !this.showingReports && isSupervisor(this.state.user);
    this.renderShell();
    if (this.showingReports) this.reports.open();
    this.focus(this.showingReports ? "#reports-title" : "#main");
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
      this.renderMine();
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
      this.renderActions();
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
        this.renderActions();
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

  private renderShell(): void {
    document.title = t("appTitle");
    const supervisor = isSupervisor(this.state.user);
    if (supervisor && this.showingReports) {
      fill(
        this.root,
        this.regions.top,
        h("main", { id: "main", class: "layout reports-layout", tabindex: "-1" }, this.regions.reports),
        this.regions.notice,
      );
      this.renderTop();
      this.renderReports();
      return;
    }
    fill(
      this.root,
      this.regions.top,
      h(
        "main",
        { id: "main", class: "layout", tabindex: "-1" },
        h(
          "div",
          { class: "sidebar" },
          this.regions.queue,
          this.regions.mine,
          this.regions.inbox,
          supervisor ? this.regions.overview : null,
          supervisor ? this.regions.cannedAdmin : null,
        ),
        this.regions.conversation,
      ),
      this.regions.notice,
    );
    this.renderTop();
    this.renderQueue();
    this.renderMine();
    this.renderInbox();
    this.renderOverview();
    this.renderCannedAdmin();
    this.renderConversation();
  }

  private renderReports(): void {
    this.keepFocus(this.regions.reports, () => this.reports.render());
  }

  private renderCannedAdmin(): void {
    if (!isSupervisor(this.state.user)) return;
    this.keepFocus(this.regions.cannedAdmin, () => fill(this.regions.cannedAdmin, cannedAdminView(this)));
  }

  private renderTop(): void {
    fill(this.regions.top, topbar(this));
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
  }

  private renderTools(): void {
    const slot = this.root.querySelector("#tools");
    if (slot) this.keepFocus(slot, () => fill(slot, toolsView(this)));
  }

  private renderActions(): void {
    const slot = this.root.querySelector("#actions");
    if (slot) this.keepFocus(slot, () => fill(slot, actionsView(this)));
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

  private error(err: unknown): void {
    const code = err instanceof RequestError ? err.code : "internal";
    const message = err instanceof Error ? err.message : String(err);
    const text =
      code === "capacity"
        ? t("error_capacity")
        : code === "forbidden"
          ? t("error_forbidden")
          : code === "conflict"
            ? t("error_conflict", { message })
            : code === "payload_too_large"
              ? t("error_too_large")
              : t("error_generic", { message });
    this.notify(text, { error: true });
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
