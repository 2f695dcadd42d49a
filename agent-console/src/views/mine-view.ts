import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";

/** The agent's own open chats. */
export function mineView(app: ConsoleApp): Node[] {
  const { mine, unread, current } = app.state;
  return [
    h("h2", { id: "mine-title" }, `${t("mine")} (${mine.length})`),
    mine.length === 0
      ? h("p", { class: "empty" }, t("mineEmpty"))
      : h(
          "ul",
          { class: "mine-list" },
          mine.map((c) =>
            h(
              "li",
              {},
              h(
                "button",
                {
                  type: "button",
                  class: `mine-item${current?.id === c.conversationId ? " current" : ""}`,
                  "aria-current": current?.id === c.conversationId ? "true" : null,
                  "data-conversation": c.conversationId,
                  onclick: () => void app.open(c.conversationId),
                },
                h("span", { class: "name" }, c.customerName ?? t("anonymous")),
                h("span", { class: "org" }, c.organisationName),
                c.firstWords ? h("span", { class: "first-words" }, c.firstWords) : null,
                unread.has(c.conversationId) ? h("span", { class: "badge" }, t("newMessages")) : null,
              ),
            ),
          ),
        ),
  ];
}
