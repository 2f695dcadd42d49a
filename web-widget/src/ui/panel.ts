import type { Lang, Strings } from "../i18n.js";
import { MAX_MESSAGE_CHARS } from "../limits.js";
import { h, ICONS, icon, show, text } from "./dom.js";
import { CSS } from "./styles.js";

export interface PanelHandlers {
  onOpenChange(open: boolean): void;
  onSend(text: string): void;
  onTyping(): void;
  onPerson(): void;
  onEnd(): void;
  onDownload(): void;
}

/**
 * The widget's chrome inside a shadow root: launcher, dialog, header,
 * status banners, the scrolling conversation, action bar and composer, and
 * a polite live region that announces what is new. Focus moves into the
 * panel when it opens and back to the launcher when it closes; Escape closes.
 */
export class Panel {
  readonly root: HTMLElement;
  readonly launcher: HTMLButtonElement;
  readonly log: HTMLElement;
  readonly privacy: HTMLElement;
  readonly cards: HTMLElement;
  readonly input: HTMLTextAreaElement;
  private readonly badge: HTMLElement;
  private readonly dialog: HTMLElement;
  private readonly title: HTMLElement;
  private readonly sub: HTMLElement;
  private readonly banner: HTMLElement;
  private readonly bannerText: HTMLElement;
  private readonly typingRow: HTMLElement;
  private readonly typingText: HTMLElement;
  private readonly queueRow: HTMLElement;
  private readonly person: HTMLButtonElement;
  private readonly personLabel: HTMLElement;
  private readonly end: HTMLButtonElement;
  private readonly confirmRow: HTMLElement;
  private readonly actions: HTMLElement;
  private readonly send: HTMLButtonElement;
  private readonly hint: HTMLElement;
  private readonly live: HTMLElement;
  private readonly pill: HTMLButtonElement;
  private readonly unreadLabel: HTMLElement;
  private opened = false;
  private unread = 0;
  /**
   * The reader wants to see the end: true until they scroll up themselves,
   * true again once they are back at the end (or send something). Kept from
   * what the reader did, not read off the scroll position when a message
   * arrives: during a smooth scroll that position is somewhere in between.
   */
  private pinned = true;
  private lastScrollTop = 0;

  constructor(
    shadow: ShadowRoot,
    private readonly t: Strings,
    lang: Lang,
    private readonly hd: PanelHandlers,
  ) {
    // A constructed sheet is not subject to the host page's style-src CSP; older browsers get <style>.
    try {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      shadow.adoptedStyleSheets = [sheet];
    } catch {
      shadow.appendChild(h("style", null, CSS));
    }
    this.badge = h("span", { class: "badge", "aria-hidden": "true", hidden: true });
    this.unreadLabel = h("span", { class: "sr" });
    // The accessible name is the visible label ("Chat", WCAG 2.5.3), plus the unread count; open or
    // closed is aria-expanded, not a second name.
    this.launcher = h(
      "button",
      {
        type: "button",
        class: "launcher",
        "aria-expanded": "false",
        "aria-controls": "skranke-panel",
        title: t.openChat,
        onclick: () => this.toggle(),
      },
      h("span", { class: "i-open" }, icon(ICONS.chat, 24)),
      h("span", { class: "i-close" }, icon(ICONS.minimize, 24)),
      h("span", { class: "label" }, t.chat),
      this.unreadLabel,
      this.badge,
    );
    this.title = h("h2", { id: "skranke-title" }, t.title);
    this.sub = h("p", { class: "sub" });
    this.bannerText = h("span");
    this.banner = h("div", { class: "banner", hidden: true }, icon(ICONS.alert, 16), this.bannerText);
    this.privacy = h("div", { class: "notice" });
    this.cards = h("div");
    this.typingText = h("span");
    this.typingRow = h(
      "div",
      { class: "typing", hidden: true },
      h("span", { class: "dots", "aria-hidden": "true" }, h("i"), h("i"), h("i")),
      this.typingText,
    );
    this.log = h(
      "div",
      { class: "log", tabindex: "0", role: "region", "aria-label": t.conversation, onscroll: () => this.onScroll() },
      this.privacy,
    );
    this.pill = h(
      "button",
      { type: "button", class: "pill", hidden: true, onclick: () => this.jumpToEnd() },
      t.newMessage,
      h("span", { "aria-hidden": "true" }, " ↓"),
    );
    this.queueRow = h("div", { class: "queue", role: "status", hidden: true });
    this.personLabel = h("span", null, t.talkToPerson);
    this.person = h(
      "button",
      { type: "button", class: "person", onclick: () => hd.onPerson() },
      icon(ICONS.person, 16),
      this.personLabel,
    );
    this.end = h("button", { type: "button", class: "end", onclick: () => this.askEnd() }, t.endChat);
    this.actions = h("div", { class: "actions" }, this.person, this.end);
    this.confirmRow = h(
      "div",
      { class: "actions confirm", hidden: true, role: "group", "aria-label": t.endConfirm },
      h("span", null, t.endConfirm),
      h(
        "span",
        { class: "row" },
        h(
          "button",
          {
            type: "button",
            class: "btn",
            onclick: () => {
              this.closeConfirm();
              hd.onEnd();
            },
          },
          t.yes,
        ),
        h("button", { type: "button", class: "btn ghost", onclick: () => this.closeConfirm(true) }, t.no),
      ),
    );
    this.input = h("textarea", {
      id: "skranke-input",
      rows: 1,
      maxlength: MAX_MESSAGE_CHARS,
      placeholder: t.placeholder,
      autocomplete: "off",
      oninput: () => {
        this.autosize();
        this.hintText(null);
        hd.onTyping();
      },
      onkeydown: (ev) => {
        const k = ev as KeyboardEvent;
        if (k.key === "Enter" && !k.shiftKey && !k.isComposing) {
          k.preventDefault();
          this.submit();
        }
      },
    });
    this.send = h("button", { type: "submit", class: "sendbtn", "aria-label": t.send }, icon(ICONS.send, 20));
    this.hint = h("div", { class: "hint", role: "alert", hidden: true });
    const composer = h(
      "form",
      {
        class: "composer",
        onsubmit: (ev) => {
          ev.preventDefault();
          this.submit();
        },
      },
      h("label", { class: "sr", for: "skranke-input" }, t.messageLabel),
      this.input,
      this.send,
    );
    this.live = h("div", { class: "sr", "aria-live": "polite", "aria-atomic": "false" });
    this.dialog = h(
      "section",
      {
        id: "skranke-panel",
        class: "panel",
        role: "dialog",
        "aria-modal": "false",
        "aria-labelledby": "skranke-title",
        hidden: true,
        onkeydown: (ev) => {
          if ((ev as KeyboardEvent).key === "Escape") {
            ev.stopPropagation();
            if (!this.confirmRow.hidden) this.closeConfirm(true);
            else this.close();
          }
        },
      },
      // A div, not <header>: inside the host page a <header> can count as a second banner landmark.
      h(
        "div",
        { class: "head" },
        h("div", { class: "avatar", "aria-hidden": "true" }, icon(ICONS.chat, 20)),
        h("div", { class: "titles" }, this.title, this.sub),
        h(
          "button",
          {
            type: "button",
            class: "icon",
            "aria-label": t.download,
            title: t.download,
            onclick: () => hd.onDownload(),
          },
          icon(ICONS.download, 20),
        ),
        h(
          "button",
          { type: "button", class: "icon", "aria-label": t.closeChat, title: t.closeChat, onclick: () => this.close() },
          icon(ICONS.minimize, 22),
        ),
      ),
      this.banner,
      h("div", { class: "logwrap" }, this.log, this.pill),
      this.queueRow,
      this.actions,
      this.confirmRow,
      composer,
      this.hint,
    );
    this.root = h("div", { class: "root", lang }, this.launcher, this.dialog, this.live);
    shadow.appendChild(this.root);
    // The log gets shorter (a taller composer, the keyboard on a phone) or its content taller
    // (choices, a card): a reader at the end stays there.
    if (typeof ResizeObserver === "function") {
      const keep = new ResizeObserver(() => {
        if (this.pinned && this.opened) this.scrollToEnd(true);
      });
      keep.observe(this.log);
    }
  }

  /** Puts the message list and the typing row into the log, after the privacy notice. */
  mountList(list: HTMLElement): void {
    this.log.append(list, this.typingRow, this.cards);
    if (typeof ResizeObserver === "function") {
      const keep = new ResizeObserver(() => {
        if (this.pinned && this.opened) this.scrollToEnd();
      });
      keep.observe(list);
      keep.observe(this.cards);
    }
  }

  get isOpen(): boolean {
    return this.opened;
  }

  open(focus = true): void {
    if (this.opened) return;
    this.opened = true;
    this.dialog.hidden = false;
    this.root.classList.add("open");
    this.launcher.setAttribute("aria-expanded", "true");
    this.launcher.title = this.t.closeChat;
    this.setUnread(0);
    this.pinned = true;
    this.scrollToEnd(true);
    if (focus) (this.input.disabled ? this.log : this.input).focus();
    this.hd.onOpenChange(true);
  }

  close(): void {
    if (!this.opened) return;
    this.opened = false;
    this.dialog.hidden = true;
    this.root.classList.remove("open");
    this.launcher.setAttribute("aria-expanded", "false");
    this.launcher.title = this.t.openChat;
    this.setUnread(this.unread);
    this.launcher.focus();
    this.hd.onOpenChange(false);
  }

  toggle(): void {
    if (this.opened) this.close();
    else this.open();
  }

  setTitle(name: string): void {
    text(this.title, name);
  }

  /** The header's second line; the dot: green (someone can help now), amber (the bot only), none (offline). */
  setSubtitle(value: string, dot: "on" | "limited" | null): void {
    this.sub.textContent = "";
    if (dot) this.sub.appendChild(h("span", { class: `dot ${dot}`, "aria-hidden": "true" }));
    this.sub.appendChild(document.createTextNode(value));
    this.sub.dataset.state = dot ?? "none";
  }

  setBanner(message: string | null): void {
    show(this.banner, message !== null);
    text(this.bannerText, message ?? "");
  }

  setQueue(message: string | null): void {
    show(this.queueRow, message !== null);
    text(this.queueRow, message ?? "");
  }

  setTyping(message: string | null): void {
    show(this.typingRow, message !== null);
    text(this.typingText, message ?? "");
    if (this.pinned) this.scrollToEnd();
  }

  /** person: "request" | "cancel" | null (hidden); end: whether "End chat" is offered. */
  setActions(person: "request" | "cancel" | null, end: boolean): void {
    show(this.person, person !== null);
    text(this.personLabel, person === "cancel" ? this.t.leaveQueue : this.t.talkToPerson);
    show(this.end, end);
    show(this.actions, person !== null || end);
    if (!end) this.closeConfirm();
  }

  setComposerEnabled(enabled: boolean): void {
    this.input.disabled = !enabled;
    this.send.disabled = !enabled;
    this.input.placeholder = enabled ? this.t.placeholder : this.t.placeholderClosed;
  }

  hintText(message: string | null): void {
    show(this.hint, message !== null);
    text(this.hint, message ?? "");
  }

  /** Tells screen readers (politely) about something new. */
  announce(message: string): void {
    const p = h("p", null, message);
    this.live.appendChild(p);
    while (this.live.childNodes.length > 3) this.live.firstChild?.remove();
  }

  /** New content arrived: count it if the panel is closed. */
  noteIncoming(countUnread: boolean): void {
    if (!this.opened && countUnread) this.setUnread(this.unread + 1);
  }

  /**
   * Something was added to the conversation: a reader at the end follows it;
   * one who scrolled up stays where they are and, for something new from the
   * other side (`incoming`), gets the "New message ↓" pill.
   */
  follow(incoming: boolean, instant = false): void {
    if (this.pinned) this.scrollToEnd(instant);
    else if (incoming && this.opened) show(this.pill, true);
  }

  /** The customer acted (sent a message): show the end whatever they were reading. */
  jumpToEnd(): void {
    this.pinned = true;
    show(this.pill, false);
    this.scrollToEnd();
  }

  get following(): boolean {
    return this.pinned;
  }

  nearEnd(): boolean {
    const l = this.log;
    return l.scrollHeight - l.scrollTop - l.clientHeight < 40;
  }

  scrollToEnd(instant = false): void {
    const l = this.log;
    if (instant) l.style.scrollBehavior = "auto";
    l.scrollTop = l.scrollHeight;
    if (instant) l.style.scrollBehavior = "";
  }

  /**
   * Only the reader moves the log up (following moves it down, and content
   * that grows or shrinks at the end leaves a reader at the end at the end),
   * so: back at the end means following, moved up and away from it means not.
   */
  private onScroll(): void {
    const top = this.log.scrollTop;
    const up = top < this.lastScrollTop - 1;
    this.lastScrollTop = top;
    if (this.nearEnd()) {
      this.pinned = true;
      show(this.pill, false);
    } else if (up) {
      this.pinned = false;
    }
  }

  /** Scrolls the log (only the log) so that `el` starts near its top. */
  reveal(el: HTMLElement): void {
    const l = this.log;
    this.pinned = false;
    l.style.scrollBehavior = "auto";
    l.scrollTop = el.getBoundingClientRect().top - l.getBoundingClientRect().top + l.scrollTop - 8;
    l.style.scrollBehavior = "";
  }

  private setUnread(n: number): void {
    this.unread = n;
    const visible = n > 0 && !this.opened;
    show(this.badge, visible);
    text(this.badge, n > 9 ? "9+" : String(n));
    text(this.unreadLabel, visible ? ` (${this.t.unread(n)})` : "");
  }

  private submit(): void {
    if (this.input.disabled) return;
    const value = this.input.value.trim();
    if (!value) return;
    if (value.length > MAX_MESSAGE_CHARS) {
      this.hintText(this.t.tooLong);
      return;
    }
    this.input.value = "";
    this.autosize();
    this.hd.onSend(value);
    this.input.focus();
  }

  private autosize(): void {
    const i = this.input;
    i.style.height = "auto";
    i.style.height = `${Math.min(120, i.scrollHeight + 2)}px`;
  }

  private askEnd(): void {
    show(this.actions, false);
    show(this.confirmRow, true);
    (this.confirmRow.querySelector(".btn.ghost") as HTMLButtonElement | null)?.focus();
  }

  private closeConfirm(refocus = false): void {
    if (this.confirmRow.hidden) return;
    show(this.confirmRow, false);
    show(this.actions, !this.person.hidden || !this.end.hidden);
    if (refocus) this.end.focus();
  }
}
