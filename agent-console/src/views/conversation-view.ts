import type { MessageView } from "../../../src/protocol/agent.js";
import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { clockTime } from "../format.js";
import { type TextKey, t, tOr } from "../i18n.js";
import { canAddNote, isMine, isSupervisor } from "../state.js";
import { actionsView } from "./actions-view.js";
import { notesView } from "./notes-view.js";
import { toolsView } from "./tools-view.js";

const STATUS: Record<string, TextKey> = {
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
  );
}

export function typingText(app: ConsoleApp): string {
  return app.state.customerTyping ? t("customerTyping") : "";
}

/** The open conversation: who and why, the whole transcript, the reply box, tools, notes and actions. */
export function conversationView(app: ConsoleApp): Node[] {
  const c = app.state.current;
  if (!c) {
    return [
      h("h2", { id: "conversation-title", tabindex: "-1" }, t("transcript")),
      h("p", { class: "empty" }, t("chooseConversation")),
    ];
  }
  const mine = isMine(app.state);
  const name = c.customer?.displayName || t("anonymous");
  const canAct = c.status === "assigned" && (mine || isSupervisor(app.state.user));
  return [
    h(
      "header",
      { class: "conversation-head" },
      h("h2", { id: "conversation-title", tabindex: "-1" }, t("conversationWith", { name })),
      h(
        "dl",
        { class: "facts" },
        h("div", {}, h("dt", {}, t("organisation")), h("dd", {}, c.organisation.name)),
        h(
          "div",
          {},
          h("dt", {}, t("status")),
          h("dd", { id: "conversation-status" }, t(STATUS[c.status] ?? "statusBot")),
        ),
        c.customer?.email ? h("div", {}, h("dt", {}, t("email")), h("dd", {}, c.customer.email)) : null,
        c.customer?.phone ? h("div", {}, h("dt", {}, "Tlf."), h("dd", {}, c.customer.phone)) : null,
        c.resolution
          ? h("div", {}, h("dt", {}, t("resolution")), h("dd", {}, tOr(`resolution_${c.resolution}`, c.resolution)))
          : null,
      ),
      c.escalation
        ? h(
            "div",
            { class: "escalation" },
            h("h3", {}, t("escalation")),
            h("p", { class: "reason" }, tOr(`reason_${c.escalation.reason}`, c.escalation.reason)),
            c.escalation.summary ? h("p", { class: "summary" }, `${t("summary")}: `, c.escalation.summary) : null,
          )
        : null,
      app.state.customerConnected ? null : h("p", { class: "tag warn" }, t("disconnectedCustomer")),
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
    h(
      "div",
      { class: "side" },
      mine
        ? h("section", { id: "tools", class: "panel tools", "aria-labelledby": "tools-title" }, toolsView(app))
        : null,
      h(
        "section",
        { id: "notes", class: "panel notes", "aria-labelledby": "notes-title" },
        notesView(app, canAddNote(app.state)),
      ),
      canAct
        ? h("section", { id: "actions", class: "panel actions", "aria-labelledby": "actions-title" }, actionsView(app))
        : null,
    ),
  ];
}

function composer(app: ConsoleApp): HTMLFormElement {
  const box = h("textarea", {
    id: "reply",
    name: "reply",
    rows: 3,
    maxlength: 4000,
    "aria-describedby": "reply-hint",
    oninput: () => {
      app.state.draft = box.value;
      app.typed();
    },
    onkeydown: (e: Event) => {
      const k = e as KeyboardEvent;
      if (k.key === "Enter" && !k.shiftKey && !k.isComposing) {
        k.preventDefault();
        form.requestSubmit();
      }
    },
  });
  box.value = app.state.draft;
  const form = h(
    "form",
    {
      class: "composer",
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const text = box.value;
        if (await app.sendMessage(text)) {
          box.value = "";
          box.focus();
        }
      },
    },
    h("label", { for: "reply" }, t("reply")),
    box,
    h("p", { id: "reply-hint", class: "hint" }, t("sendHint")),
    h("button", { type: "submit" }, t("send")),
  );
  return form;
}
