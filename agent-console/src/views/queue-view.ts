import { formatWait } from "../../../src/core/handoff/wait-wording.js";
import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { duration } from "../format.js";
import { lang, t, tOr } from "../i18n.js";
import { queueItems } from "../state.js";

/**
 * The live queue (the list pane's first tab): who waits, where, for how
 * long (ticking on from the last snapshot), what they first said, and a
 * claim button; "take the next" claims the oldest.
 */
export function queueView(app: ConsoleApp): Node[] {
  const items = queueItems(app.state);
  const multiOrg = app.state.organisations.length > 1;
  return [
    h(
      "div",
      { class: "list-head" },
      h("h2", { id: "queue-title", tabindex: "-1" }, `${t("queue")} (${items.length})`),
      items.length > 0
        ? h(
            "button",
            { type: "button", id: "claim-next", "aria-keyshortcuts": "Alt+K", onclick: () => void app.claimNext() },
            t("claimNext"),
          )
        : null,
    ),
    items.length === 0
      ? h("p", { class: "empty" }, t("queueEmpty"))
      : h(
          "ol",
          { class: "queue-list", "aria-label": t("queueAria") },
          items.map((item) =>
            h(
              "li",
              { class: "queue-item card", "data-conversation": item.conversationId },
              h(
                "p",
                { class: "card-top" },
                h("span", { class: "position" }, `#${item.position}`),
                multiOrg || item.organisationName ? h("span", { class: "org" }, item.organisationName) : null,
                h(
                  "span",
                  { class: `timer waited${item.waitedSeconds >= 120 ? " long" : ""}` },
                  t("waiting", { time: duration(item.waitedSeconds) }),
                ),
              ),
              h("p", { class: "first-words" }, item.firstWords ?? "…"),
              h(
                "p",
                { class: "queue-reason" },
                tOr(`reason_${item.reason}`, item.reason),
                item.summary ? ` – ${item.summary}` : "",
                item.transferred ? h("span", { class: "tag" }, t("transferredMark")) : null,
                item.customerConnected ? null : h("span", { class: "tag warn" }, t("disconnectedCustomer")),
              ),
              h(
                "p",
                { class: "queue-meta" },
                h(
                  "span",
                  { class: "estimate" },
                  t("estimate", { time: formatWait(lang(), item.estimatedWaitSeconds) }),
                ),
              ),
              h(
                "button",
                {
                  type: "button",
                  class: "claim",
                  "aria-label": `${t("claim")}: #${item.position} ${item.organisationName}`,
                  onclick: () => void app.claim(item.conversationId),
                },
                t("claim"),
              ),
            ),
          ),
        ),
  ];
}
