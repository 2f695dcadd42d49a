import type { OfflineMessageView } from "../../../src/protocol/agent.js";
import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { age, dateTime } from "../format.js";
import { t, tOr } from "../i18n.js";

/**
 * Messages customers left while the service was closed or nobody was free:
 * who, how to reach them, when, in which language, what they wrote, the chat
 * it came from, and a button to mark it handled. Everything the customer
 * typed is a text node; e-mail and phone become mailto:/tel: links.
 */
export function inboxView(app: ConsoleApp): Array<Node | null> {
  const { messages, total } = app.state.offline;
  const multiOrg = app.state.organisations.length > 1;
  const orgName = (id: string) => app.state.organisations.find((o) => o.id === id)?.name ?? "";
  return [
    h(
      "h2",
      { id: "inbox-title", tabindex: "-1" },
      t("inbox"),
      " ",
      h(
        "span",
        { class: `count${total > 0 ? " has-items" : ""}`, id: "inbox-count", "aria-hidden": "true" },
        String(total),
      ),
      h("span", { class: "visually-hidden" }, ` ${t("inboxCount", { n: total })}`),
    ),
    h("p", { class: "hint" }, t("inboxHint")),
    total > messages.length ? h("p", { class: "hint" }, t("inboxMore", { shown: messages.length, total })) : null,
    messages.length === 0
      ? h("p", { class: "empty" }, t("inboxEmpty"))
      : h(
          "ol",
          { class: "inbox-list", "aria-label": t("inboxAria") },
          messages.map((m) => item(app, m, multiOrg ? orgName(m.organisationId) : "")),
        ),
  ];
}

function item(app: ConsoleApp, m: OfflineMessageView, organisation: string): HTMLLIElement {
  const who = m.name || t("anonymous");
  const waited = (Date.now() - Date.parse(m.createdAt)) / 1000;
  return h(
    "li",
    { class: "inbox-item", "data-offline": m.id },
    h("h3", { class: "name" }, who),
    h(
      "p",
      { class: "inbox-meta" },
      h("time", { datetime: m.createdAt }, t("leftAt", { when: dateTime(m.createdAt), ago: age(waited) })),
      organisation ? ` · ${organisation}` : "",
    ),
    h(
      "dl",
      { class: "contact" },
      m.email
        ? h("div", {}, h("dt", {}, t("email")), h("dd", {}, h("a", { href: `mailto:${m.email}` }, m.email)))
        : null,
      m.phone ? h("div", {}, h("dt", {}, t("phone")), h("dd", {}, h("a", { href: `tel:${m.phone}` }, m.phone))) : null,
      h("div", {}, h("dt", {}, t("language")), h("dd", {}, tOr(`lang_${m.language}`, m.language))),
    ),
    h("p", { class: "offline-text", lang: m.language === "en" ? "en" : "nb" }, m.text),
    h(
      "div",
      { class: "row" },
      m.conversationId
        ? h(
            "button",
            {
              type: "button",
              class: "link",
              id: `offline-open-${m.id}`,
              "aria-label": `${t("showConversation")}: ${who}`,
              onclick: () => void app.inbox.openConversation(m.id),
            },
            t("showConversation"),
          )
        : null,
      h(
        "button",
        {
          type: "button",
          class: "mark-handled",
          id: `offline-handle-${m.id}`,
          "aria-label": `${t("markHandled")}: ${who}`,
          onclick: () => void app.inbox.handle(m.id),
        },
        t("markHandled"),
      ),
    ),
  );
}
