import { h } from "../dom.js";
import { $, fillTable, guard, staffCell, status } from "./page.js";
import { call } from "./request.js";
import { ct, when } from "./texts.js";
import type { Hold } from "./views.js";

/** Legal holds: who placed them on what and why, and who released them. */
function target(hold: Hold): HTMLElement {
  return hold.conversationId
    ? h("span", {}, h("span", { class: "badge kind" }, ct("conversation")), " ", h("code", {}, hold.conversationId))
    : h("span", {}, h("span", { class: "badge kind" }, ct("customer")), " ", h("code", {}, hold.customerId ?? ""));
}

function state(hold: Hold): HTMLElement {
  if (hold.active) return h("span", { class: "badge hold-active" }, ct("active"));
  return h(
    "div",
    {},
    h("span", { class: "badge hold-released" }, ct("released")),
    h("div", { class: "muted" }, when(hold.releasedAt), " · ", staffCell(hold.releasedByStaff, hold.releasedBy)),
    hold.releaseReason ? h("div", {}, hold.releaseReason) : null,
  );
}

function releaseButton(hold: Hold): HTMLElement | null {
  if (!hold.active) return null;
  const on = hold.conversationId ?? hold.customerId ?? "";
  return h(
    "button",
    {
      type: "button",
      "aria-label": ct("releaseLabel", { target: on }),
      onclick: guard(
        async () => {
          const reason = window.prompt(ct("releaseReason"));
          if (!reason) return;
          try {
            await call("POST", `/api/compliance/holds/${encodeURIComponent(hold.id)}/release`, { reason });
            status(ct("holdReleased"));
          } finally {
            await loadHolds();
          }
        },
        () => ({ kind: "hold" }),
      ),
    },
    ct("release"),
  );
}

export async function loadHolds(): Promise<void> {
  const all = $<HTMLInputElement>("#holds-all").checked;
  const { holds } = await call<{ holds: Hold[] }>("GET", `/api/compliance/holds${all ? "?all=1" : ""}`);
  fillTable(
    $("#holds-table"),
    holds.map((hold) =>
      h(
        "tr",
        { class: hold.active ? "hold-row active" : "hold-row released" },
        h("td", {}, target(hold)),
        h("td", {}, hold.reason),
        h("td", {}, when(hold.placedAt), h("div", { class: "muted" }, staffCell(hold.placedByStaff, hold.placedBy))),
        h("td", {}, state(hold)),
        h("td", {}, releaseButton(hold)),
      ),
    ),
  );
}

export function initHolds(): void {
  $("#holds-all").addEventListener("change", guard(loadHolds));
  $("#hold-form").addEventListener(
    "submit",
    guard(
      async (event) => {
        const f = event.target as HTMLFormElement;
        const value = (name: string) => (f.elements.namedItem(name) as HTMLInputElement).value.trim();
        await call("POST", "/api/compliance/holds", { [value("kind")]: value("target"), reason: value("reason") });
        f.reset();
        status(ct("holdPlaced"));
        await loadHolds();
      },
      (event) => {
        const f = event.target as HTMLFormElement;
        const kind = (f.elements.namedItem("kind") as HTMLSelectElement).value;
        const id = (f.elements.namedItem("target") as HTMLInputElement).value.trim();
        return kind === "customerId" ? { kind: "customer", id } : { kind: "conversation", id };
      },
    ),
  );
}
