import { h } from "../dom.js";
import { $, fillTable, guard, organisations, status } from "./page.js";
import { call } from "./request.js";
import { ct } from "./texts.js";
import type { PolicyRow } from "./views.js";

/** Retention policies per organisation, and a new version of one. */
export async function loadPolicies(): Promise<void> {
  const { policies } = await call<{ policies: PolicyRow[] }>("GET", "/api/compliance/policies");
  organisations.splice(0, organisations.length, ...policies.map((p) => p.organisation));
  fillTable(
    $("#policies-table"),
    policies.map((p) =>
      h(
        "tr",
        {},
        h("td", {}, `${p.organisation} – ${p.name}`),
        h("td", { class: "num" }, p.policy.version),
        h("td", { class: "num" }, p.policy.botOnlyMonths),
        h("td", { class: "num" }, p.policy.humanInvolvedMonths),
        h("td", { class: "num" }, p.awaitingRecompute),
      ),
    ),
  );
  fillOrganisationSelects();
}

/** Every organisation picker; the policy form's has no "all". */
export function fillOrganisationSelects(): void {
  for (const select of document.querySelectorAll<HTMLSelectElement>('select[name="organisation"]')) {
    const keepAll = select.closest("#policy-form") === null;
    const current = select.value;
    select.replaceChildren(...(keepAll ? [h("option", { value: "" }, ct("all"))] : []));
    for (const slug of organisations) select.append(h("option", { value: slug }, slug));
    if ([...select.options].some((o) => o.value === current)) select.value = current;
  }
}

export function initPolicies(): void {
  $("#policy-form").addEventListener(
    "submit",
    guard(
      async (event) => {
        const f = event.target as HTMLFormElement;
        const value = (name: string) => (f.elements.namedItem(name) as HTMLInputElement).value;
        const r = await call<{ policy: { version: number }; recomputed: number }>(
          "PUT",
          `/api/compliance/policies/${encodeURIComponent(value("organisation"))}`,
          { botOnlyMonths: Number(value("botOnlyMonths")), humanInvolvedMonths: Number(value("humanInvolvedMonths")) },
        );
        status(ct("policySaved", { version: r.policy.version, n: r.recomputed }));
        await loadPolicies();
      },
      () => ({ kind: "organisation" }),
    ),
  );
}
