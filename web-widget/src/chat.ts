import { formatWait } from "../../src/core/handoff/wait-wording.js";
import type {
  ConversationStatus,
  MessageView,
  OrganisationInfo,
  QueueInfo,
  Session,
} from "../../src/protocol/widget.js";
import { Connection } from "./connection.js";
import { type Lang, STRINGS, type Strings } from "./i18n.js";
import { Outbox, type OutboxItem } from "./outbox.js";
import { browserStore, type KeyValue, readJson, writeJson } from "./storage.js";
import { leaveMessageCard, ratingCard } from "./ui/cards.js";
import { h } from "./ui/dom.js";
import { MessageList } from "./ui/messages.js";
import { Panel } from "./ui/panel.js";

export interface ChatOptions {
  shadow: ShadowRoot;
  url: string;
  org: string;
  lang: Lang;
}

/**
 * The controller: connection, outbox and UI together. It owns the
 * conversation state (status, agent, queue) and turns server events and
 * customer actions into UI changes.
 */
export class Chat {
  private readonly t: Strings;
  private readonly local: KeyValue;
  private readonly session: KeyValue;
  private readonly panel: Panel;
  private readonly list: MessageList;
  private readonly outbox: Outbox;
  private readonly conn: Connection;
  private status: ConversationStatus | null = null;
  private agent: string | null = null;
  private queue: QueueInfo | null = null;
  private conversationId: string | null;
  private ready = false;
  private bannerTimer: ReturnType<typeof setTimeout> | null = null;
  private typingSent = 0;
  private typingIdle: ReturnType<typeof setTimeout> | null = null;
  private typingShown: ReturnType<typeof setTimeout> | null = null;
  private syncing = false;
  private resync = false;
  private privacyText: string;
  private privacyUrl: string | null = null;
  /** Whether the service is open and someone is on duty, from the session (null: not known yet). */
  private service: { open: boolean; agentsOnline: boolean } | null = null;
  /** Agents whose "X has joined" line is shown (after a reload it is put back before their first message). */
  private joinedShown = new Set<string>();

  constructor(private readonly o: ChatOptions) {
    const t = STRINGS[o.lang];
    this.t = t;
    this.privacyText = t.privacyText;
    this.local = browserStore(`skranke:${o.org}:`, "local");
    this.session = browserStore(`skranke:${o.org}:`, "session");
    this.conversationId = this.local.get("conv");
    this.panel = new Panel(o.shadow, t, o.lang, {
      onOpenChange: (open) => this.session.set("open", open ? "1" : "0"),
      onSend: (text) => this.send(text),
      onTyping: () => this.typing(),
      onPerson: () => void this.person(),
      onEnd: () => void this.end(),
      onDownload: () => void this.download(),
    });
    this.list = new MessageList({
      t,
      lang: o.lang,
      onChoice: (c) => this.send(c.label, c.value),
      onFeedback: (id, helpful) => void this.feedback(id, helpful),
      feedbackGiven: (id) => this.feedbackIds().includes(id),
      onRetry: (cid) => this.outbox.retry(cid),
      onPrivacy: (text) => {
        this.privacyText = text;
        this.renderPrivacy(this.privacyUrl);
      },
    });
    this.panel.mountList(this.list.el);
    this.renderPrivacy(null);
    this.outbox = new Outbox({
      store: this.local,
      send: async (item) => {
        const ack = await this.conn.request("message", {
          clientId: item.clientId,
          text: item.text,
          ...(item.value !== undefined ? { value: item.value } : {}),
        });
        if (ack.ok) return { ok: true, id: ack.id };
        // Network trouble and overload are worth retrying; a refusal is not (the customer can retry by hand),
        // and a message the server cannot take at all leaves the outbox.
        const code = ack.error.code;
        const rejected = code === "invalid_input" || code === "payload_too_large";
        return { ok: false, retry: ["offline", "timeout", "rate_limited", "internal"].includes(code), code, rejected };
      },
      onUpdate: (item, id) => this.delivery(item, id),
    });
    for (const item of this.outbox.pending())
      this.list.addPending(item.clientId, item.text, item.createdAt, item.state);
    this.conn = new Connection({
      url: o.url,
      org: o.org,
      lang: o.lang,
      store: this.local,
      handlers: {
        session: (s) => this.onSession(s),
        message: (m) => this.onMessage(m, true),
        queue: (q) => {
          this.queue = q;
          this.renderStatus();
          if (this.panel.isOpen) this.panel.announce(this.queueText(q));
        },
        agentJoined: (a) => {
          this.agent = a.name;
          this.status = "assigned";
          this.queue = null;
          this.showJoined(a.name);
          this.incoming(this.t.agentJoined(a.name));
          this.panel.follow(true);
          this.renderStatus();
        },
        agentLeft: (e) => {
          this.list.note(this.t.agentLeft(e.name));
          this.joinedShown.delete(e.name);
          this.incoming(this.t.agentLeft(e.name));
          if (this.agent === e.name) this.agent = null;
          this.panel.setTyping(null);
          this.panel.follow(true);
        },
        typing: (e) => {
          if (this.typingShown) clearTimeout(this.typingShown);
          const who = e.name || (e.from === "bot" ? this.t.bot : this.agent || this.t.agent);
          this.panel.setTyping(e.typing ? this.t.typing(who) : null);
          if (e.typing) this.typingShown = setTimeout(() => this.panel.setTyping(null), 10_000);
        },
        status: (e) => this.setStatus(e.status),
        service: (e) => {
          if (typeof e?.open !== "boolean" || typeof e.agentsOnline !== "boolean") return;
          this.service = { open: e.open, agentsOnline: e.agentsOnline };
          this.renderStatus();
        },
        ready: (r) => this.setReady(r),
        fatal: (code) => {
          if (this.bannerTimer) clearTimeout(this.bannerTimer);
          this.bannerTimer = null;
          this.panel.setBanner(code === "origin_not_allowed" ? this.t.originRefused : this.t.unavailable);
          this.panel.setComposerEnabled(false);
          this.panel.setActions(null, false);
        },
      },
    });
    this.renderStatus();
    this.setReady(false);
  }

  start(): void {
    if (this.session.get("open") === "1") this.panel.open(false);
    this.conn.start();
  }

  // ---- server events ----------------------------------------------------

  private onSession(s: Session): void {
    if (!s || (s.conversationId !== null && typeof s.conversationId !== "string")) return;
    // Another conversation than the one shown: start afresh. A first message's new conversation
    // (null before) keeps what is shown: the greeting and the message itself.
    if (this.conversationId !== null && s.conversationId !== this.conversationId) {
      this.list.clear();
      this.joinedShown.clear();
      this.panel.cards.textContent = "";
      for (const item of this.outbox.pending()) {
        this.list.addPending(item.clientId, item.text, item.createdAt, item.state);
      }
    }
    this.conversationId = s.conversationId;
    if (s.conversationId) this.local.set("conv", s.conversationId);
    else this.local.remove("conv");
    // The bot's greeting comes with the session and is never stored: shown on top of whatever follows.
    if (s.greeting && typeof s.greeting.welcome === "string") {
      // For someone who has not chatted yet the welcome is news (the launcher counts it); a resumed chat's is not.
      if (this.list.greet(s.greeting.welcome) && s.conversationId === null) {
        this.incoming(`${this.t.bot}: ${s.greeting.welcome}`);
      }
      if (typeof s.greeting.privacy === "string") {
        this.privacyText = s.greeting.privacy;
        this.renderPrivacy(s.organisation?.privacyUrl ?? this.privacyUrl);
      }
    }
    this.renderOrganisation(s.organisation);
    if (s.organisation && typeof s.organisation.open === "boolean") {
      this.service = { open: s.organisation.open, agentsOnline: s.organisation.agentsOnline === true };
    }
    this.agent = s.agent?.name ?? null;
    this.queue = s.queue;
    this.setStatus(s.status);
    // Nothing to fetch before the conversation exists.
    if (s.conversationId) void this.sync();
  }

  /** Fetches what was missed since the newest message shown (all of it after a reload). */
  private async sync(): Promise<void> {
    if (this.syncing) {
      this.resync = true;
      return;
    }
    this.syncing = true;
    try {
      const afterId = this.list.lastId;
      const ack = await this.conn.request("history", afterId > 0 ? { afterId } : {});
      if (!ack.ok) return;
      const before = this.list.lastId;
      for (const m of ack.messages) this.onMessage(m, false);
      this.agent = ack.agent?.name ?? this.agent;
      this.queue = ack.queue;
      // With a person now, but nothing from them yet: their joining is still news.
      if (ack.status === "assigned" && this.agent) this.showJoined(this.agent);
      this.setStatus(ack.status);
      // Missed messages after a reconnect are new; a reload's whole history is not.
      this.panel.follow(before > 0 && this.list.lastId > before, true);
    } finally {
      this.syncing = false;
      if (this.resync) {
        this.resync = false;
        void this.sync();
      }
    }
  }

  private onMessage(m: MessageView, live: boolean): void {
    if (!m || typeof m.id !== "number") return;
    if (this.conversationId && m.conversationId && m.conversationId !== this.conversationId) return;
    if (m.role === "customer" && m.clientId) this.outbox.confirm(m.clientId, m.id);
    if (m.role === "agent" && m.authorName && !this.list.has(m.id)) this.showJoined(m.authorName);
    const added = this.list.add(m);
    if (!added) return;
    if (live && m.role !== "customer") {
      this.panel.setTyping(null);
      const who = m.role === "agent" ? m.authorName || this.t.agent : m.role === "bot" ? this.t.bot : "";
      this.incoming(who ? `${who}: ${m.text}` : m.text);
    }
    if (live) this.panel.follow(m.role !== "customer");
  }

  /** "X has joined the chat", once per agent and stay. */
  private showJoined(name: string): void {
    if (this.joinedShown.has(name)) return;
    this.joinedShown.add(name);
    this.list.note(this.t.agentJoined(name));
  }

  private incoming(announcement: string): void {
    if (this.panel.isOpen)
      this.panel.announce(announcement.length > 300 ? `${announcement.slice(0, 300)} …` : announcement);
    this.panel.noteIncoming(true);
  }

  private setReady(ready: boolean): void {
    const changed = this.ready !== ready;
    this.ready = ready;
    if (changed) this.renderStatus();
    this.outbox.setOnline(ready);
    if (this.bannerTimer) clearTimeout(this.bannerTimer);
    this.bannerTimer = null;
    if (ready) {
      this.panel.setBanner(null);
      return;
    }
    // A short blip is not worth a banner.
    this.bannerTimer = setTimeout(
      () => {
        if (!this.ready) this.panel.setBanner(navigator.onLine === false ? this.t.offline : this.t.connecting);
      },
      navigator.onLine === false ? 0 : 1500,
    );
  }

  // ---- status -------------------------------------------------------------

  private setStatus(status: ConversationStatus): void {
    const was = this.status;
    this.status = status;
    if (status !== "queued") this.queue = null;
    // Choices the bot offered are moot once a person is involved or the chat is over.
    if (status !== "bot") this.list.removeChoices();
    if (status === "closed" && was !== "closed") this.showRating();
    if (status !== "closed" && was === "closed") this.panel.cards.textContent = "";
    this.renderStatus();
  }

  private renderStatus(): void {
    const { t, panel } = this;
    const s = this.status;
    const service = this.service;
    if (s === "queued") panel.setSubtitle(t.statusQueued, this.ready ? "on" : null);
    else if (s === "assigned") panel.setSubtitle(t.statusAssigned(this.agent || t.agent), this.ready ? "on" : null);
    else if (s === "closed") panel.setSubtitle(t.statusClosed, null);
    else if (!service || !this.ready) panel.setSubtitle(t.statusBot, null);
    else if (!service.open) panel.setSubtitle(t.statusServiceClosed, "limited");
    else if (!service.agentsOnline) panel.setSubtitle(t.statusNoAgents, "limited");
    else panel.setSubtitle(t.statusStaffed, "on");
    panel.setQueue(s === "queued" && this.queue ? this.queueText(this.queue) : null);
    const started = s === "queued" || s === "assigned" || this.list.customerCount() > 0;
    panel.setActions(
      s === "queued" ? "cancel" : s === "assigned" || s === "closed" ? null : "request",
      started && s !== "closed",
    );
    panel.setComposerEnabled(s !== "closed");
  }

  private queueText(q: QueueInfo): string {
    return this.t.queue(q.position, formatWait(this.o.lang, q.estimatedWaitSeconds));
  }

  private renderOrganisation(org: OrganisationInfo | undefined): void {
    if (!org) return;
    if (org.name) this.panel.setTitle(org.name);
    this.renderPrivacy(org.privacyUrl);
  }

  private renderPrivacy(url: string | null): void {
    this.privacyUrl = url;
    const box = this.panel.privacy;
    box.textContent = "";
    // The server's wording wins (it knows the organisation's retention policy); ours is shown until it arrives.
    const stripped = this.privacyText.replace(/^(Personvern|Privacy)\s*:\s*/i, "");
    const body = stripped.charAt(0).toUpperCase() + stripped.slice(1);
    box.append(h("strong", null, this.t.privacyTitle), body);
    if (url && /^https?:\/\//i.test(url)) {
      box.append(" ", h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, this.t.privacyLink));
    }
  }

  // ---- customer actions ---------------------------------------------------

  private send(text: string, value?: string): void {
    if (this.status === "closed") return;
    this.stopTyping();
    this.outbox.add(text, value);
    this.renderStatus();
    this.panel.jumpToEnd();
  }

  private delivery(item: OutboxItem, id?: number): void {
    this.list.addPending(item.clientId, item.text, item.createdAt, item.state);
    this.list.setDelivery(item.clientId, item.state, id);
  }

  private typing(): void {
    const now = Date.now();
    if (now - this.typingSent > 3000) {
      this.typingSent = now;
      this.conn.emit("typing", { typing: true });
    }
    if (this.typingIdle) clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), 3000);
  }

  private stopTyping(): void {
    if (this.typingIdle) clearTimeout(this.typingIdle);
    this.typingIdle = null;
    if (this.typingSent) {
      this.typingSent = 0;
      this.conn.emit("typing", { typing: false });
    }
  }

  private async person(): Promise<void> {
    const { t, panel } = this;
    panel.hintText(null);
    if (this.status === "queued") {
      const ack = await this.conn.request("handoff:cancel", {});
      if (!ack.ok) return panel.hintText(this.errorText(ack.error.code));
      this.setStatus("bot");
      return;
    }
    const ack = await this.conn.request("handoff:request", {});
    if (!ack.ok) return panel.hintText(this.errorText(ack.error.code));
    if (ack.status === "queued") {
      this.queue = { position: ack.position, estimatedWaitSeconds: ack.estimatedWaitSeconds };
      this.setStatus("queued");
      panel.announce(this.queueText(this.queue));
    } else if (ack.status === "closed") {
      this.service = { open: false, agentsOnline: this.service?.agentsOnline ?? false };
      this.renderStatus();
      let intro = t.closedNotice(ack.openingHours || "");
      if (ack.opensAt) intro += ` ${t.opensAt(this.when(ack.opensAt))}`;
      this.showLeaveMessage(`${intro} ${t.leaveMessageIntro}`);
    } else {
      this.service = { open: this.service?.open ?? true, agentsOnline: false };
      this.renderStatus();
      this.showLeaveMessage(`${t.noAgents} ${t.leaveMessageIntro}`);
    }
  }

  private showLeaveMessage(intro: string): void {
    const { t, panel } = this;
    const card = leaveMessageCard(
      t,
      intro,
      async (input) => {
        const payload = {
          text: input.text.trim(),
          ...(input.name.trim() ? { name: input.name.trim() } : {}),
          ...(input.email.trim() ? { email: input.email.trim() } : {}),
          ...(input.phone.trim() ? { phone: input.phone.trim() } : {}),
        };
        const ack = await this.conn.request("offline-message", payload);
        if (!ack.ok) return false;
        const done = h("div", { class: "card", tabindex: "-1" }, h("p", { class: "done" }, t.leftMessage));
        card.replaceWith(done);
        done.focus();
        panel.announce(t.leftMessage);
        return true;
      },
      () => {
        card.remove();
        panel.input.focus();
      },
    );
    panel.cards.textContent = "";
    panel.cards.appendChild(card);
    panel.announce(intro);
    panel.reveal(card);
    card.querySelector("input")?.focus({ preventScroll: true });
  }

  private showRating(): void {
    const { t, panel } = this;
    const rated = this.conversationId !== null && this.local.get("rated") === this.conversationId;
    const again = h("button", { type: "button", class: "btn ghost", onclick: () => this.newChat() }, t.newChat);
    const wrap = h("div");
    if (!rated) {
      const card = ratingCard(t, async (score, comment) => {
        const ack = await this.conn.request("rating", { score, ...(comment ? { comment } : {}) });
        if (!ack.ok) return false;
        if (this.conversationId) this.local.set("rated", this.conversationId);
        const thanks = h("p", { class: "card", tabindex: "-1" }, t.rateThanks);
        card.replaceWith(thanks);
        thanks.focus();
        panel.announce(t.rateThanks);
        return true;
      });
      wrap.appendChild(card);
    }
    wrap.appendChild(h("div", { class: "row again" }, again));
    panel.cards.textContent = "";
    panel.cards.appendChild(wrap);
    panel.setTyping(null);
    if (panel.isOpen) panel.announce(`${t.statusClosed}. ${rated ? "" : t.rateTitle}`);
    requestAnimationFrame(() => panel.follow(true));
  }

  private newChat(): void {
    this.panel.cards.textContent = "";
    this.panel.input.focus();
    this.conn.restart();
  }

  private async end(): Promise<void> {
    const ack = await this.conn.request("conversation:end", {});
    if (!ack.ok) return this.panel.hintText(this.errorText(ack.error.code));
    this.setStatus("closed");
    this.panel.log.focus();
  }

  private async feedback(messageId: number, helpful: boolean): Promise<void> {
    const ids = this.feedbackIds();
    writeJson(this.local, "fb", [...ids, messageId].slice(-200));
    await this.conn.request("feedback", { messageId, helpful });
  }

  private feedbackIds(): number[] {
    const ids = readJson<unknown>(this.local, "fb", []);
    return Array.isArray(ids) ? ids.filter((v): v is number => typeof v === "number") : [];
  }

  private async download(): Promise<void> {
    const ack = await this.conn.request("transcript", {});
    if (!ack.ok) return this.panel.hintText(this.errorText(ack.error.code));
    const blob = new Blob([ack.text], { type: "text/plain;charset=utf-8" });
    const href = URL.createObjectURL(blob);
    const date = new Date().toISOString().slice(0, 10);
    const a = h("a", { href, download: `${this.t.transcriptFile}-${this.o.org}-${date}.txt`, hidden: true });
    this.panel.root.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 30_000);
  }

  private errorText(code: string): string {
    return code === "offline" || code === "timeout" ? this.t.offline : this.t.error;
  }

  private when(iso: string): string {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    return d.toLocaleString(this.o.lang === "nb" ? "nb-NO" : "en-GB", {
      weekday: "long",
      day: "numeric",
      month: "long",
      hour: "2-digit",
      minute: "2-digit",
      timeZone: "Europe/Oslo",
    });
  }
}
