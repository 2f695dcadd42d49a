import { phonesInText } from "../../../src/core/contact/phone-display.js";
import type { Choice, MessageView, MessageRole as Role } from "../../../src/protocol/widget.js";
import type { Lang, Strings } from "../i18n.js";
import type { DeliveryState } from "../outbox.js";
import { h, ICONS, icon, text } from "./dom.js";

export interface MessageListOptions {
  t: Strings;
  lang: Lang;
  onChoice(choice: Choice): void;
  onFeedback(messageId: number, helpful: boolean): void;
  feedbackGiven(messageId: number): boolean;
  onRetry(clientId: string): void;
  /** The bot's privacy notice: shown in the notice box at the top instead of as a bubble. */
  onPrivacy(text: string): void;
}

interface Row {
  li: HTMLLIElement;
  meta: HTMLElement | null;
  createdAt: string;
  pending?: boolean;
}

/** URLs and e-mail addresses become links; everything else stays text. */
const LINK = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)\]'])|([\w.+-]+@[\w-]+(?:\.[\w-]+)+)/g;

/** Text with its Norwegian phone numbers grouped for reading ("+47 912 34 567") and as tel: links. */
function phoneLinks(frag: DocumentFragment, value: string): void {
  let last = 0;
  for (const p of phonesInText(value)) {
    if (p.index > last) frag.appendChild(document.createTextNode(value.slice(last, p.index)));
    const a = h("a", { href: p.href });
    a.textContent = p.shown;
    frag.appendChild(a);
    last = p.index + p.written.length;
  }
  if (last < value.length) frag.appendChild(document.createTextNode(value.slice(last)));
}

export function linkify(value: string): DocumentFragment {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const m of value.matchAll(LINK)) {
    const at = m.index ?? 0;
    if (at > last) phoneLinks(frag, value.slice(last, at));
    const url = m[1];
    const href = url ? url : `mailto:${m[2]}`;
    const a = h("a", { href, ...(url ? { target: "_blank", rel: "noopener noreferrer" } : {}) });
    a.textContent = m[0];
    frag.appendChild(a);
    last = at + m[0].length;
  }
  if (last < value.length) phoneLinks(frag, value.slice(last));
  return frag;
}

/** The conversation as an ordered list; messages are keyed by server id and by client id. */
export class MessageList {
  readonly el: HTMLOListElement;
  private byId = new Map<number, Row>();
  private byClient = new Map<string, Row>();
  private choices: HTMLElement | null = null;
  private greeting: HTMLLIElement | null = null;
  private lastAuthor = "";
  /** Customer messages not stored yet, in the order typed: stored messages go above them. */
  private pendingRows: Row[] = [];
  lastId = 0;

  constructor(private readonly o: MessageListOptions) {
    this.el = h("ol", { class: "msgs" });
  }

  /** The bot's greeting from the session: the first bubble, shown once, never stored. True when newly shown. */
  greet(value: string): boolean {
    if (this.greeting) {
      this.greeting
        .querySelector(".bubble")
        ?.replaceChildren(h("span", { class: "sr" }, `${this.o.t.bot}: `), linkify(value));
      return false;
    }
    const row = this.render("bot", value, null, new Date().toISOString());
    row.li.dataset.greeting = "1";
    this.el.prepend(row.li);
    this.greeting = row.li;
    return true;
  }

  clear(): void {
    this.greeting = null;
    this.el.textContent = "";
    this.byId.clear();
    this.byClient.clear();
    this.choices = null;
    this.lastAuthor = "";
    this.pendingRows = [];
    this.lastId = 0;
  }

  /** A note shown only here (not stored), styled like a system message. */
  note(value: string): void {
    this.render("system", value, null, new Date().toISOString(), false);
  }

  has(id: number): boolean {
    return this.byId.has(id);
  }

  /** Adds a stored message; false when it is already shown (then only its state is updated). */
  add(m: MessageView): boolean {
    if (this.byId.has(m.id)) return false;
    this.lastId = Math.max(this.lastId, m.id);
    const pending = m.clientId ? this.byClient.get(m.clientId) : undefined;
    if (pending) {
      this.byId.set(m.id, pending);
      pending.li.dataset.id = String(m.id);
      this.setState(pending, "sent");
      return false;
    }
    if (m.role === "bot" && m.metadata?.action === "privacy") {
      this.o.onPrivacy(m.text);
      this.byId.set(m.id, { li: h("li"), meta: null, createdAt: m.createdAt });
      return false;
    }
    const row = this.render(m.role, m.text, m.authorName, m.createdAt);
    this.byId.set(m.id, row);
    row.li.dataset.id = String(m.id);
    if (m.clientId) this.byClient.set(m.clientId, row);
    if (m.role === "customer") this.setState(row, "sent");
    const generated = m.role === "bot" ? generatedSources(m) : null;
    if (generated) row.li.appendChild(this.generated(generated));
    if (m.role === "bot" && isAnswer(m) && !this.o.feedbackGiven(m.id)) row.li.appendChild(this.feedback(m.id));
    const choices = m.metadata?.choices;
    if (m.role === "bot" && Array.isArray(choices) && choices.length > 0) {
      this.choices = h(
        "div",
        { class: "choices", role: "group", "aria-label": this.o.t.choices },
        ...choices
          .filter(isChoice)
          .map((c) => h("button", { type: "button", class: "chip", onclick: () => this.pick(c) }, c.label)),
      );
      row.li.appendChild(this.choices);
    }
    return true;
  }

  /** A message the customer typed that the server has not acknowledged yet. */
  addPending(clientId: string, value: string, createdAt: string, state: DeliveryState): void {
    if (this.byClient.has(clientId)) return;
    const row = this.render("customer", value, null, createdAt, true);
    row.pending = true;
    this.pendingRows.push(row);
    this.byClient.set(clientId, row);
    row.li.dataset.cid = clientId;
    this.setDelivery(clientId, state);
  }

  setDelivery(clientId: string, state: DeliveryState, id?: number): void {
    const row = this.byClient.get(clientId);
    if (!row) return;
    if (id !== undefined && !this.byId.has(id)) {
      this.byId.set(id, row);
      row.li.dataset.id = String(id);
      this.lastId = Math.max(this.lastId, id);
    }
    this.setState(row, state, clientId);
  }

  /** How many customer messages are shown (stored or pending). */
  customerCount(): number {
    return this.el.querySelectorAll(".msg.customer").length;
  }

  removeChoices(): void {
    this.choices?.remove();
    this.choices = null;
  }

  private pick(c: Choice): void {
    this.removeChoices();
    this.o.onChoice(c);
  }

  private render(role: Role, value: string, authorName: string | null, createdAt: string, atEnd = false): Row {
    const { t } = this.o;
    if (role !== "system") this.removeChoices();
    const name = role === "bot" ? t.bot : role === "agent" ? authorName || t.agent : role === "customer" ? t.you : "";
    const author = `${role}:${name}`;
    const showName = (role === "bot" || role === "agent") && author !== this.lastAuthor;
    if (role !== "system") this.lastAuthor = author;
    const li = h(
      "li",
      { class: `msg ${role}` },
      showName ? h("span", { class: "who", "aria-hidden": "true" }, name) : null,
      h("div", { class: "bubble" }, name ? h("span", { class: "sr" }, `${name}: `) : null, linkify(value)),
    );
    let meta: HTMLElement | null = null;
    if (role === "customer") {
      meta = h("div", { class: "meta" });
      li.appendChild(meta);
    }
    this.el.insertBefore(li, atEnd ? null : (this.pendingRows[0]?.li ?? null));
    return { li, meta, createdAt };
  }

  private setState(row: Row, state: DeliveryState, clientId?: string): void {
    const { t } = this.o;
    const meta = row.meta;
    if (!meta) return;
    row.li.dataset.state = state;
    // Sent or refused for good: no longer waiting at the end of the list.
    if ((state === "sent" || state === "rejected") && row.pending) {
      row.pending = false;
      this.pendingRows = this.pendingRows.filter((r) => r !== row);
    }
    meta.className = state === "failed" || state === "retrying" || state === "rejected" ? "meta failed" : "meta";
    const label = { sending: t.sending, sent: t.sent, retrying: t.retrying, failed: t.failed, rejected: t.rejected }[
      state
    ];
    meta.textContent = "";
    meta.appendChild(document.createTextNode(`${this.time(row.createdAt)} · ${label}`));
    if (state === "failed" && clientId) {
      meta.appendChild(
        h("button", { type: "button", class: "linkbtn", onclick: () => this.o.onRetry(clientId) }, t.retry),
      );
    }
  }

  /** "Answer from a language model – may contain errors" and the records it was written from, as text. */
  private generated(sources: readonly string[]): HTMLElement {
    const { t } = this.o;
    return h(
      "div",
      { class: "gen" },
      h("p", { class: "gen-label" }, t.generatedLabel),
      sources.length > 0 ? h("p", { class: "gen-src-title" }, t.generatedSources) : null,
      sources.length > 0 ? h("ul", { class: "gen-src" }, ...sources.map((s) => h("li", null, s))) : null,
    );
  }

  private feedback(id: number): HTMLElement {
    const { t } = this.o;
    const box = h("div", { class: "fb", role: "group", "aria-label": t.helpful });
    const give = (helpful: boolean) => {
      this.o.onFeedback(id, helpful);
      box.textContent = "";
      text(box, t.thanksFeedback);
    };
    box.append(
      h("span", { "aria-hidden": "true" }, t.helpful),
      h("button", { type: "button", onclick: () => give(true) }, icon(ICONS.thumbUp, 15), t.helpfulYes),
      h("button", { type: "button", onclick: () => give(false) }, icon(ICONS.thumbDown, 15), t.helpfulNo),
    );
    return box;
  }

  private time(iso: string): string {
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return "";
    return d.toLocaleTimeString(this.o.lang === "nb" ? "nb-NO" : "en-GB", { hour: "2-digit", minute: "2-digit" });
  }
}

function isAnswer(m: MessageView): boolean {
  if (m.metadata?.askFeedback === false) return false;
  return m.metadata?.action === "answer" || (Array.isArray(m.metadata?.sources) && m.metadata.sources.length > 0);
}

/** The titles of a generated answer's sources; null when a person or the knowledge base wrote the text. */
function generatedSources(m: MessageView): string[] | null {
  const g = m.metadata?.generated;
  if (!g || typeof g !== "object" || !Array.isArray(g.sources)) return null;
  return g.sources
    .map((s) => (s && typeof s.title === "string" ? s.title.slice(0, 200) : ""))
    .filter((title) => title !== "")
    .slice(0, 10);
}

function isChoice(c: unknown): c is Choice {
  return !!c && typeof (c as Choice).label === "string" && typeof (c as Choice).value === "string";
}
