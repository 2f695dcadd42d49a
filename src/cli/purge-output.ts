import type { PurgeReport } from "../core/retention/purge-report.js";

/** The human-readable form of a purge report (the CLI's default output). */
export function formatPurgeReport(r: PurgeReport): string {
  const lines: string[] = [];
  const scope = r.organisation ?? "all organisations";
  lines.push(`${r.dryRun ? "Purge DRY RUN (nothing deleted)" : "Purge"} at ${r.now} – ${scope}`);
  const versions = Object.entries(r.policyVersions)
    .map(([org, v]) => `${org} v${v}`)
    .join(", ");
  lines.push(`Policy versions: ${versions || "-"}`);
  lines.push(
    `${r.dryRun ? "Would delete" : "Deleted"}: ${r.conversations} conversation(s), ${r.messages} message(s)` +
      (r.conversations ? ` (last activity ${r.oldestActivity} … ${r.newestActivity})` : ""),
  );
  lines.push(
    `${r.dryRun ? "Would also delete" : "Also deleted"}: ${r.offlineMessages} leave-a-message request(s) without a conversation, ${r.customers} customer record(s) with nothing left to keep`,
  );
  if (r.groups.length) {
    const w = Math.max(12, ...r.groups.map((g) => g.organisation.length));
    lines.push(
      `  ${"organisation".padEnd(w)}  ${"class".padEnd(14)}  ${"conversations".padStart(13)}  oldest / newest activity`,
    );
    for (const g of r.groups) {
      lines.push(
        `  ${g.organisation.padEnd(w)}  ${g.retentionClass.padEnd(14)}  ${String(g.conversations).padStart(13)}  ${g.oldestActivity} / ${g.newestActivity}`,
      );
    }
  }
  if (!r.dryRun) lines.push(`Skipped (new activity or a hold since the scan): ${r.skipped}; batches: ${r.batches}`);
  if (r.awaitingRecompute > 0) {
    lines.push(
      `Note: ${r.awaitingRecompute} expired conversation(s) have an expiry from an older policy version and were kept; run \`npm run compliance -- policy recompute\`.`,
    );
  }
  if (r.continuedRuns.length) lines.push(`Continued interrupted run(s): ${r.continuedRuns.join(", ")}`);
  lines.push(`Run ${r.runId} by ${r.actor}: ${r.status}${r.error ? ` (${r.error})` : ""} in ${r.durationMs} ms`);
  return `${lines.join("\n")}\n`;
}
