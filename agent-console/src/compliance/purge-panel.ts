import { h } from "../dom.js";
import { $, fillTable, guard, staffCell, status } from "./page.js";
import { call } from "./request.js";
import { ct, ctOr, when } from "./texts.js";
import type { PurgeReport, PurgeRun } from "./views.js";

/** Dry runs, real purges (followed until they end) and the runs before. */
function renderReport(r: PurgeReport): HTMLElement {
  const counts = { c: r.conversations, m: r.messages, o: r.offlineMessages, k: r.customers };
  const versions = Object.entries(r.policyVersions)
    .map(([k, v]) => `${k} v${v}`)
    .join(", ");
  return h(
    "div",
    { class: "report" },
    h("h3", {}, r.dryRun ? ct("dryRunHeading") : ct("purgeHeading")),
    h("p", {}, ct("reportAsOf", { time: when(r.now), org: r.organisation ?? ct("all") })),
    h("p", { class: "report-counts" }, ct(r.dryRun ? "wouldDelete" : "deleted", counts)),
    h("p", {}, ct("oldestNewest", { oldest: when(r.oldestActivity), newest: when(r.newestActivity) })),
    h(
      "table",
      {},
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          [ct("organisation"), ct("retentionClass"), ct("conversations"), ct("oldest"), ct("newest")].map((t) =>
            h("th", { scope: "col" }, t),
          ),
        ),
      ),
      h(
        "tbody",
        {},
        r.groups.map((g) =>
          h(
            "tr",
            {},
            h("td", {}, g.organisation),
            h("td", {}, ctOr(`class_${g.retentionClass}`, g.retentionClass)),
            h("td", { class: "num" }, g.conversations),
            h("td", {}, when(g.oldestActivity)),
            h("td", {}, when(g.newestActivity)),
          ),
        ),
      ),
    ),
    h("p", {}, ct("policyVersions", { v: versions || "–" })),
    r.awaitingRecompute > 0 ? h("p", { class: "stale" }, ct("awaitingN", { n: r.awaitingRecompute })) : null,
  );
}

function runStatus(r: PurgeRun): HTMLElement {
  const key = r.stale ? "stale" : r.status;
  return h("span", { class: `badge run-${key}` }, ctOr(`run_${key}`, r.status));
}

/** A running real run can be asked to stop; it stops after its current batch and a new run continues. */
function runAction(r: PurgeRun): HTMLElement | null {
  if (r.dryRun || r.status !== "running") return null;
  if (r.stopRequestedAt) return h("span", { class: "badge run-stopping" }, ct("stopping"));
  return h(
    "button",
    {
      type: "button",
      class: "danger",
      "data-run": r.id,
      "aria-label": ct("stopLabel", { time: when(r.startedAt) }),
      onclick: guard(
        async () => {
          if (!window.confirm(ct("stopConfirm"))) return;
          await call("POST", `/api/compliance/purge-runs/${encodeURIComponent(r.id)}/stop`);
          status(ct("stopRequested"));
          await loadRuns();
        },
        () => ({ kind: "run" }),
      ),
    },
    ct("stop"),
  );
}

export async function loadRuns(): Promise<void> {
  const { runs } = await call<{ runs: PurgeRun[] }>("GET", "/api/compliance/purge-runs?limit=30");
  fillTable(
    $("#runs-table"),
    runs.map((r) =>
      h(
        "tr",
        { "data-run": r.id },
        h("td", {}, when(r.startedAt), r.finishedAt ? h("div", { class: "muted" }, `→ ${when(r.finishedAt)}`) : null),
        h("td", {}, r.dryRun ? ct("kind_dry") : ct("kind_real"), r.organisation ? ` · ${r.organisation}` : ""),
        h("td", {}, runStatus(r)),
        h("td", {}, staffCell(r.actorStaff, r.actor)),
        h("td", { class: "num" }, r.deletedConversations),
        h("td", { class: "num" }, r.deletedMessages),
        h("td", { class: "num" }, r.skipped),
        h("td", {}, r.error ?? ""),
        h("td", {}, runAction(r)),
      ),
    ),
  );
}

async function followRun(runId: string): Promise<void> {
  for (;;) {
    const run = await call<PurgeRun>("GET", `/api/compliance/purge-runs/${encodeURIComponent(runId)}`);
    await loadRuns();
    if (run.status !== "running") {
      status(
        ct("runEnded", {
          status: ctOr(`run_${run.status}`, run.status).toLowerCase(),
          c: run.deletedConversations,
          m: run.deletedMessages,
        }),
        run.status === "failed",
      );
      return;
    }
    await new Promise((r) => setTimeout(r, 1500));
  }
}

export function initPurge(): void {
  $("#purge-form").addEventListener(
    "submit",
    guard(
      async (event: SubmitEvent) => {
        const f = event.target as HTMLFormElement;
        const value = (name: string) => (f.elements.namedItem(name) as HTMLInputElement).value;
        const real = (event.submitter as HTMLButtonElement | null)?.value === "real";
        const body: Record<string, unknown> = { dryRun: !real };
        if (value("organisation")) body.organisation = value("organisation");
        if (value("now")) body.now = new Date(value("now")).toISOString();
        if (real && !window.confirm(ct("purgeConfirm"))) return;
        status(real ? ct("purgeStarting") : ct("calculating"));
        const r = await call<PurgeReport & { runId: string }>("POST", "/api/compliance/purge", body);
        if (real) {
          status(ct("purgeStarted"));
          $("#purge-report").replaceChildren();
          await followRun(r.runId);
        } else {
          status("");
          $("#purge-report").replaceChildren(renderReport(r));
        }
      },
      () => ({ kind: "organisation" }),
    ),
  );
  $("#runs-refresh").addEventListener("click", guard(loadRuns));
}
