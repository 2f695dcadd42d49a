import type { ConsoleApp } from "../console-app.js";
import { h } from "../dom.js";
import { t, tOr } from "../i18n.js";
import { SHORTCUTS } from "../shortcuts.js";

/**
 * Modal dialogs (the browser's <dialog>, in the top layer, so nothing clips
 * them): confirm closing a chat, transfer it, the shortcut list. Escape
 * closes each; focus returns to where it was.
 */
function modal(id: string, titleId: string, ...content: Node[]): HTMLDialogElement {
  document.getElementById(id)?.remove();
  const returnTo = document.activeElement as HTMLElement | null;
  const dialog = h("dialog", { id, class: "dialog", "aria-labelledby": titleId }, ...content);
  dialog.addEventListener("close", () => {
    dialog.remove();
    if (returnTo?.isConnected) returnTo.focus();
  });
  document.body.append(dialog);
  dialog.showModal();
  return dialog;
}

function buttons(...children: Node[]): HTMLElement {
  return h("div", { class: "dialog-buttons" }, ...children);
}

/** "Close the chat with Anne?" with the outcome to record; closes only on confirmation. */
export function confirmClose(app: ConsoleApp, customer: string): void {
  const resolution = h(
    "select",
    { id: "close-resolution" },
    app.state.resolutions.map((r) => h("option", { value: r }, tOr(`resolution_${r}`, r))),
  );
  const form = h(
    "form",
    {
      method: "dialog",
      onsubmit: (e: Event) => {
        e.preventDefault();
        dialog.close();
        void app.close(resolution.value);
      },
    },
    h("h2", { id: "close-dialog-title" }, t("closeDialogTitle", { name: customer })),
    h("p", {}, t("closeDialogText")),
    h("label", { for: "close-resolution" }, t("resolution")),
    resolution,
    buttons(
      h("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, t("cancel")),
      h("button", { type: "submit", id: "close-confirm", class: "danger" }, t("closeConfirm")),
    ),
  );
  const dialog = modal("close-dialog", "close-dialog-title", form);
  resolution.focus();
}

/** To a colleague who is available, or back to the queue. */
export function transferDialog(app: ConsoleApp): void {
  const { agents, current } = app.state;
  const holder = current?.assignedAgent?.id;
  const targets = agents.filter((a) => a.id !== holder && a.presence !== "offline");
  const target = h(
    "select",
    { id: "transfer-target" },
    h("option", { value: "" }, t("toQueue")),
    targets.map((a) =>
      h(
        "option",
        { value: a.id },
        `${a.displayName} (${t(a.presence)}, ${t("load", { active: a.activeChats, max: a.maxConcurrentChats })})`,
      ),
    ),
  );
  const form = h(
    "form",
    {
      method: "dialog",
      onsubmit: (e: Event) => {
        e.preventDefault();
        dialog.close();
        void app.transfer(target.value || null);
      },
    },
    h("h2", { id: "transfer-dialog-title" }, t("transferDialogTitle")),
    h("p", { class: "hint", id: "transfer-hint" }, t("transferHint")),
    h("label", { for: "transfer-target" }, t("transferTo")),
    target,
    buttons(
      h("button", { type: "button", class: "secondary", onclick: () => dialog.close() }, t("cancel")),
      h("button", { type: "submit", id: "transfer-confirm" }, t("transfer")),
    ),
  );
  const dialog = modal("transfer-dialog", "transfer-dialog-title", form);
  target.focus();
}

/** The shortcut list ("?"). */
export function shortcutsDialog(): void {
  const dialog = modal(
    "shortcuts-dialog",
    "shortcuts-title",
    h("h2", { id: "shortcuts-title" }, t("shortcuts")),
    h("p", { class: "hint" }, t("shortcutsIntro")),
    h(
      "table",
      { class: "shortcuts" },
      h(
        "thead",
        {},
        h("tr", {}, h("th", { scope: "col" }, t("shortcutKeys")), h("th", { scope: "col" }, t("shortcutAction"))),
      ),
      h(
        "tbody",
        {},
        SHORTCUTS.map((s) =>
          h(
            "tr",
            {},
            h(
              "td",
              {},
              s.keys.flatMap((k, i) => [i > 0 ? " / " : null, h("kbd", {}, k)]),
            ),
            h("td", {}, t(s.text)),
          ),
        ),
      ),
    ),
    buttons(h("button", { type: "button", id: "shortcuts-close", onclick: () => dialog.close() }, t("closeWindow"))),
  );
  dialog.querySelector<HTMLButtonElement>("#shortcuts-close")?.focus();
}
