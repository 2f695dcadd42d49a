import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { duration } from "../format.js";
import { t } from "../i18n.js";

/** The agent's own open chats: unread count, and how long the customer has waited for an answer (or the chat was quiet). */
export function mineView(app: ConsoleApp): Node[] {
  const { mine, unread, current, lastActivity } = app.state;
  const now = Date.now();
  return [
    h("div", { class: "list-head" }, h("h2", { id: "mine-title", tabindex: "-1" }, `${t("mine")} (${mine.length})`)),
    mine.length === 0
      ? h("p", { class: "empty" }, t("mineEmpty"))
      : h(
          "ul",
          { class: "mine-list" },
          mine.map((c) => {
            const n = unread.get(c.conversationId) ?? 0;
            const last = lastActivity.get(c.conversationId) ?? { at: Date.parse(c.assignedAt), from: "agent" };
            const seconds = (now - last.at) / 1000;
            const waiting = last.from === "customer";
            const selected = current?.id === c.conversationId;
            return h(
              "li",
              {},
              h(
                "button",
                {
                  type: "button",
                  class: `mine-item card${selected ? " current" : ""}${n > 0 ? " has-unread" : ""}`,
                  "aria-current": selected ? "true" : null,
                  "data-conversation": c.conversationId,
                  onclick: () => void app.open(c.conversationId),
                },
                h(
                  "span",
                  { class: "card-top" },
                  h("span", { class: "name" }, c.customerName ?? t("anonymous")),
                  n > 0 ? h("span", { class: "badge unread" }, String(n)) : null,
                  n > 0 ? h("span", { class: "visually-hidden" }, ` ${t("unreadCount", { n })}`) : null,
                ),
                h("span", { class: "org" }, c.organisationName),
                c.firstWords ? h("span", { class: "first-words" }, c.firstWords) : null,
                h(
                  "span",
                  { class: `timer${waiting && seconds >= 60 ? " long" : ""}` },
                  t(waiting ? "customerWaitingFor" : "idleFor", { time: duration(seconds) }),
                ),
              ),
            );
          }),
        ),
  ];
}
