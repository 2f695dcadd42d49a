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
  private opened = false;
  private unread = 0;

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
    this.launcher = h(
      "button",
      {
        type: "button",
        class: "launcher",
        "aria-expanded": "false",
        "aria-controls": "skranke-panel",
        "aria-label": t.openChat,
        onclick: () => this.toggle(),
      },
      h("span", { class: "i-open" }, icon(ICONS.chat, 28)),
      h("span", { class: "i-close" }, icon(ICONS.minimize, 28)),
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
    this.log = h("div", { class: "log", tabindex: "0", role: "region", "aria-label": t.conversation }, this.privacy);
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
      h(
        "header",
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
      this.log,
      this.queueRow,
      this.actions,
      this.confirmRow,
      composer,
      this.hint,
    );
    this.root = h("div", { class: "root", lang }, this.launcher, this.dialog, this.live);
    shadow.appendChild(this.root);
  }

  /** Puts the message list and the typing row into the log, after the privacy notice. */
  mountList(list: HTMLElement): void {
    this.log.append(list, this.typingRow, this.cards);
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
    this.launcher.setAttribute("aria-label", this.t.closeChat);
    this.setUnread(0);
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

  setSubtitle(value: string, online: boolean): void {
    this.sub.textContent = "";
    if (online) this.sub.appendChild(h("span", { class: "dot", "aria-hidden": "true" }));
    this.sub.appendChild(document.createTextNode(value));
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
    const atEnd = this.nearEnd();
    show(this.typingRow, message !== null);
    text(this.typingText, message ?? "");
    if (atEnd) this.scrollToEnd();
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

  /** New content arrived: follow it if the reader is at the end, count it if the panel is closed. */
  noteIncoming(countUnread: boolean): void {
    if (!this.opened && countUnread) this.setUnread(this.unread + 1);
  }

  nearEnd(): boolean {
    const l = this.log;
    return l.scrollHeight - l.scrollTop - l.clientHeight < 80;
  }

  scrollToEnd(instant = false): void {
    const l = this.log;
    if (instant) l.style.scrollBehavior = "auto";
    l.scrollTop = l.scrollHeight;
    if (instant) l.style.scrollBehavior = "";
  }

  /** Scrolls the log (only the log) so that `el` starts near its top. */
  reveal(el: HTMLElement): void {
    const l = this.log;
    l.style.scrollBehavior = "auto";
    l.scrollTop = el.getBoundingClientRect().top - l.getBoundingClientRect().top + l.scrollTop - 8;
    l.style.scrollBehavior = "";
  }

  private setUnread(n: number): void {
    this.unread = n;
    const visible = n > 0 && !this.opened;
    show(this.badge, visible);
    text(this.badge, n > 9 ? "9+" : String(n));
    if (!this.opened) {
      this.launcher.setAttribute("aria-label", visible ? `${this.t.openChat} (${this.t.unread(n)})` : this.t.openChat);
    }
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
