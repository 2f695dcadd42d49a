import { h } from "../dom.js";
import { $, fillTable, guard, staffCell } from "./page.js";
import { call } from "./request.js";
import { when } from "./texts.js";
import type { AuditEvent } from "./views.js";

/** The audit trail: the newest 200 events, the actor by name. */
export async function loadAudit(): Promise<void> {
  const { events } = await call<{ events: AuditEvent[] }>("GET", "/api/compliance/audit?limit=200");
  fillTable(
    $("#audit-table"),
    events.map((e) =>
      h(
        "tr",
        {},
        h("td", {}, when(e.at)),
        h("td", {}, h("code", {}, e.action)),
        h("td", {}, staffCell(e.actor, e.actorId), e.actorRole ? h("div", { class: "muted" }, e.actorRole) : null),
        h(
          "td",
          {},
          e.targetStaff
            ? [`${e.targetType} `, staffCell(e.targetStaff, e.targetId)]
            : e.targetType
              ? `${e.targetType} ${e.targetId ?? ""}`
              : "–",
        ),
        h("td", {}, e.details ? h("pre", {}, JSON.stringify(e.details, null, 1)) : ""),
      ),
    ),
  );
}

export function initAudit(): void {
  $("#audit-refresh").addEventListener("click", guard(loadAudit));
}
