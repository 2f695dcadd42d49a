import type { MessageView } from "../../../src/protocol/agent.js";
import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { clockTime } from "../format.js";
import { type TextKey, t } from "../i18n.js";
import { sendsReply } from "../shortcuts.js";
import { isMine, isSupervisor } from "../state.js";
import { confirmClose, transferDialog } from "./dialogs.js";

export const STATUS: Record<string, TextKey> = {
  bot: "statusBot",
  queued: "statusQueued",
  assigned: "statusAssigned",
  closed: "statusClosed",
};

function author(m: MessageView): string {
  if (m.role === "customer") return t("customer");
  if (m.role === "bot") return t("bot");
  if (m.role === "agent") return t("agentLabel", { name: m.authorName ?? "" });
  return t("system");
}

/** One line of the transcript; the text is a text node, whatever the customer typed. */
export function messageItem(m: MessageView): HTMLLIElement {
  return h(
    "li",
    { class: `msg msg-${m.role}`, "data-id": m.id },
    h(
      "p",
      { class: "msg-meta" },
      h("span", { class: "author" }, author(m)),
      " ",
      h("time", { datetime: m.createdAt }, clockTime(m.createdAt)),
    ),
    h("p", { class: "msg-text" }, m.text),
    ...generatedNote(m),
  );
}

/** A language model wrote this bot answer: the agent sees the same label and sources as the customer. */
function generatedNote(m: MessageView): HTMLElement[] {
  const generated = m.metadata?.generated;
  if (!generated) return [];
  const titles = generated.sources.map((s) => s.title).join(", ");
  return [h("p", { class: "msg-meta msg-generated" }, `${t("generatedAnswer")} ${titles}`)];
}

export function typingText(app: ConsoleApp): string {
  return app.state.customerTyping ? t("customerTyping") : "";
}

export function customerName(app: ConsoleApp): string {
  return app.state.current?.customer?.displayName || t("anonymous");
}

/** Whether this user may transfer, hand back and close the open chat. */
export function canAct(app: ConsoleApp): boolean {
  const c = app.state.current;
  return c?.status === "assigned" && (isMine(app.state) || isSupervisor(app.state.user));
}

/**
 * The middle pane: who and where, the actions, the whole transcript
 * (scrolling on its own) and the composer fixed at the bottom.
 */
export function conversationView(app: ConsoleApp): Node[] {
  const c = app.state.current;
  if (!c) {
    return [
      h(
        "div",
        { class: "conversation-empty" },
        h("h2", { id: "conversation-title", tabindex: "-1" }, t("transcript")),
        h("p", { class: "empty" }, t("chooseConversation")),
      ),
    ];
  }
  const mine = isMine(app.state);
  const name = customerName(app);
  return [
    h(
      "div",
      { class: "conversation-head" },
      h(
        "div",
        { class: "conversation-who" },
        h("h2", { id: "conversation-title", tabindex: "-1" }, t("conversationWith", { name })),
        h(
          "p",
          { class: "conversation-sub" },
          h(
            "span",
            { id: "conversation-status", class: `status-pill ${c.status}` },
            t(STATUS[c.status] ?? "statusBot"),
          ),
          " ",
          c.organisation.name,
          app.state.customerConnected ? null : h("span", { class: "tag warn" }, t("disconnectedCustomer")),
        ),
      ),
      canAct(app)
        ? h(
            "div",
            { class: "conversation-actions", role: "group", "aria-label": t("actions") },
            h(
              "button",
              {
                type: "button",
                id: "transfer-open",
                class: "secondary",
                onclick: () => void app.refreshAgents().then(() => transferDialog(app)),
              },
              t("transferOpen"),
            ),
            h(
              "button",
              { type: "button", id: "release", class: "secondary", onclick: () => void app.release() },
              t("release"),
            ),
            h(
              "button",
              {
                type: "button",
                id: "close-open",
                class: "danger",
                "aria-keyshortcuts": "Alt+A",
                onclick: () => confirmClose(app, name),
              },
              t("closeOpen"),
            ),
          )
        : null,
    ),
    h(
      "div",
      {
        id: "transcript",
        class: "transcript",
        role: "log",
        "aria-live": "polite",
        "aria-label": t("transcript"),
        tabindex: "0",
      },
      h("ol", { id: "transcript-list" }, c.messages.map(messageItem)),
    ),
    h("p", { id: "typing", class: "typing", "aria-live": "polite" }, typingText(app)),
    mine ? composer(app) : h("p", { class: "not-yours" }, t(app.state.currentOfflineId ? "fromInbox" : "notYours")),
  ];
}

function composer(app: ConsoleApp): HTMLFormElement {
  const id = app.state.current?.id ?? "";
  const box = h("textarea", {
    id: "reply",
    name: "reply",
    rows: 3,
    maxlength: 4000,
    "aria-describedby": "reply-hint",
    "aria-keyshortcuts": "Alt+R",
    oninput: () => {
      app.state.drafts.set(id, box.value);
      app.typed();
    },
    onkeydown: (e: Event) => {
      const k = e as KeyboardEvent;
      if (sendsReply(k)) {
        k.preventDefault();
        form.requestSubmit();
      }
    },
  });
  box.value = app.state.drafts.get(id) ?? "";
  const form = h(
    "form",
    {
      class: "composer",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        if (await app.sendMessage(box.value)) {
          box.value = "";
          box.focus();
        }
      },
    },
    h("label", { for: "reply" }, t("reply")),
    box,
    h(
      "div",
      { class: "composer-foot" },
      h("p", { id: "reply-hint", class: "hint" }, t("sendHint")),
      h("button", { type: "submit" }, t("send")),
    ),
  );
  return form;
}
