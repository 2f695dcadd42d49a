import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { rt } from "../reports/report-texts.js";
import { isSupervisor } from "../state.js";

const ROLE_INDEX = { agent: 0, supervisor: 1, compliance: 2, admin: 3 } as const;

export function roleName(role: keyof typeof ROLE_INDEX): string {
  return t("roles").split("|")[ROLE_INDEX[role]] ?? role;
}

/** Who is signed in, their presence, messages waiting, language, links and logout. */
export function topbar(app: ConsoleApp): HTMLElement {
  const { user, presence, connected } = app.state;
  const waiting = app.state.offline.total;
  const select = h(
    "select",
    {
      id: "presence",
      onchange: (e: Event) => void app.setPresence((e.target as HTMLSelectElement).value as "online" | "away"),
    },
    h("option", { value: "online", selected: presence === "online" }, t("online")),
    h("option", { value: "away", selected: presence === "away" }, t("away")),
  );
  return h(
    "header",
    { class: "topbar" },
    h("h1", {}, "Skranke"),
    h(
      "p",
      { class: "who" },
      h("span", { class: "name" }, user.displayName),
      " ",
      h("span", { class: "role" }, `(${roleName(user.role)})`),
    ),
    h("p", { class: `connection ${connected ? "up" : "down"}`, role: "status" }, connected ? "" : t("connecting")),
    h(
      "a",
      { class: "inbox-link", href: "#inbox-title" },
      t("inbox"),
      " ",
      h("span", { class: `count${waiting > 0 ? " has-items" : ""}`, "aria-hidden": "true" }, String(waiting)),
      h("span", { class: "visually-hidden" }, ` ${t("inboxCount", { n: waiting })}`),
    ),
    h("label", { class: "presence", for: "presence" }, t("presence")),
    select,
    h(
      "button",
      {
        type: "button",
        class: "link",
        lang: t("otherLanguage") === "English" ? "en" : "nb",
        onclick: () => app.switchLanguage(),
      },
      t("otherLanguage"),
    ),
    isSupervisor(user)
      ? h(
          "button",
          {
            type: "button",
            id: "reports-toggle",
            "aria-pressed": String(app.showingReports),
            onclick: () => app.toggleReports(),
          },
          rt("reports"),
        )
      : null,
    user.role === "admin" || user.role === "compliance" ? h("a", { href: "compliance.html" }, t("compliance")) : null,
    h("button", { type: "button", onclick: () => void app.logout() }, t("logout")),
  );
}
