import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { t } from "../i18n.js";
import { rt } from "../reports/report-texts.js";
import type { MainView } from "../state.js";
import { isSupervisor } from "../state.js";
import { shortcutsDialog } from "./dialogs.js";

const ROLE_INDEX = { agent: 0, supervisor: 1, compliance: 2, admin: 3 } as const;

export function roleName(role: keyof typeof ROLE_INDEX): string {
  return t("roles").split("|")[ROLE_INDEX[role]] ?? role;
}

/** Supervisors' views of the main area; pressing the one shown goes back to the chats. */
function viewSwitch(app: ConsoleApp): HTMLElement {
  const views: Array<{ id: MainView; label: string }> = [
    { id: "overview", label: t("overview") },
    { id: "canned", label: t("canned") },
    { id: "reports", label: rt("reports") },
  ];
  return h(
    "nav",
    { class: "views", "aria-label": t("viewsAria") },
    views.map((v) =>
      h(
        "button",
        {
          type: "button",
          id: v.id === "reports" ? "reports-toggle" : `view-${v.id}`,
          class: "view-button",
          "aria-pressed": String(app.state.mainView === v.id),
          onclick: () => app.showView(app.state.mainView === v.id ? "chat" : v.id),
        },
        v.label,
      ),
    ),
  );
}

/** Who is signed in, their presence, messages waiting, supervisor views, shortcuts, language, links and logout. */
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
    h("h1", {}, h("img", { src: "favicon.svg", alt: "", width: 22, height: 22 }), "Skranke"),
    isSupervisor(user) ? viewSwitch(app) : null,
    h(
      "p",
      { class: "who" },
      h("span", { class: "name" }, user.displayName),
      " ",
      h("span", { class: "role" }, `(${roleName(user.role)})`),
    ),
    h("p", { class: `connection ${connected ? "up" : "down"}`, role: "status" }, connected ? "" : t("connecting")),
    h(
      "button",
      { type: "button", class: "link inbox-link", onclick: () => app.showList("inbox", { focusTitle: true }) },
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
        id: "shortcuts-open",
        class: "link",
        "aria-keyshortcuts": "?",
        onclick: () => shortcutsDialog(),
      },
      t("shortcutsButton"),
    ),
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
    user.role === "admin" || user.role === "compliance" ? h("a", { href: "compliance.html" }, t("compliance")) : null,
    h("button", { type: "button", onclick: () => void app.logout() }, t("logout")),
  );
}
