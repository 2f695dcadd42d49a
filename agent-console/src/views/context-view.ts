import { formatPhone, phoneHref } from "../../../src/core/contact/phone-display.js";
import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { age, dateTime } from "../format.js";
import { t, tOr } from "../i18n.js";
import { canAddNote, isMine } from "../state.js";
import { notesView } from "./notes-view.js";
import { toolsView } from "./tools-view.js";

function fact(label: string, value: Node | string | null): HTMLElement | null {
  return value === null || value === "" ? null : h("div", {}, h("dt", {}, label), h("dd", {}, value));
}

/**
 * The side panel: the customer and why the bot handed over, canned
 * responses and the knowledge search (for the agent answering), and the
 * internal notes. It scrolls on its own.
 */
export function contextView(app: ConsoleApp): Array<Node | null> {
  const c = app.state.current;
  if (!c) return [h("h2", { id: "context-title", class: "visually-hidden" }, t("contextTitle"))];
  const phone = c.customer?.phone ?? null;
  const href = phone ? phoneHref(phone) : undefined;
  const waited = c.escalation ? (Date.now() - Date.parse(c.escalation.requestedAt)) / 1000 : 0;
  return [
    h("h2", { id: "context-title", class: "visually-hidden" }, t("contextTitle")),
    h(
      "section",
      { class: "side-section customer", "aria-labelledby": "customer-title" },
      h("h3", { id: "customer-title" }, t("customerTitle")),
      h(
        "dl",
        { class: "facts" },
        fact(t("customer"), c.customer?.displayName || t("anonymous")),
        fact(t("email"), c.customer?.email ? h("a", { href: `mailto:${c.customer.email}` }, c.customer.email) : null),
        fact(t("phone"), phone ? (href ? h("a", { href }, formatPhone(phone)) : formatPhone(phone)) : null),
        fact(t("organisation"), c.organisation.name),
        fact(t("languageLabel"), tOr(`lang_${c.language}`, c.language)),
        fact(t("channel"), c.channel),
        fact(t("startedAt"), dateTime(c.startedAt)),
        c.resolution ? fact(t("resolution"), tOr(`resolution_${c.resolution}`, c.resolution)) : null,
      ),
    ),
    c.escalation
      ? h(
          "section",
          { class: "side-section escalation", "aria-labelledby": "escalation-title" },
          h("h3", { id: "escalation-title" }, t("escalation")),
          h("p", { class: "reason" }, tOr(`reason_${c.escalation.reason}`, c.escalation.reason)),
          c.escalation.summary ? h("p", { class: "summary" }, `${t("summary")}: `, c.escalation.summary) : null,
          h(
            "p",
            { class: "hint" },
            h("time", { datetime: c.escalation.requestedAt }, dateTime(c.escalation.requestedAt)),
            ` (${t("leftAgo", { ago: age(waited) })})`,
          ),
        )
      : null,
    isMine(app.state)
      ? h("section", { id: "tools", class: "side-section tools", "aria-labelledby": "tools-title" }, toolsView(app))
      : null,
    h(
      "section",
      { id: "notes", class: "side-section notes", "aria-labelledby": "notes-title" },
      notesView(app, canAddNote(app.state)),
    ),
  ];
}
