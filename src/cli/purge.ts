import { createComplianceServices } from "../core/retention/compliance-services.js";
import { openCliContext, PURGE_DATABASE_OPTIONS, runCli } from "./cli-context.js";
import { actorFrom, asUsage, parseFlags, parseTime } from "./compliance-cli-support.js";
import { formatPurgeReport } from "./purge-output.js";

const USAGE = `usage: npm run purge -- [--dry-run] [--org SLUG] [--now ISO-TIME] [--json] [--actor NAME]
  --dry-run   report what a real run at the same --now would delete; delete nothing
  --org SLUG  only this organisation
  --now TIME  judge retention expiry at this time (default: now; without an offset: Europe/Oslo)
  --json      print one JSON object instead of text
  --actor     who runs it, recorded as cli:<name> (default: the OS user)`;

/**
 * `npm run purge`: deletes conversations past their retention expiry (see
 * docs/retention.md). Exit 0 when the run completed, 1 when it failed or
 * another purge holds the lock, 2 on a usage error. Ctrl-C stops a real run
 * after the current batch; the next run continues.
 */
runCli(async () => {
  const { values } = parseFlags(
    process.argv.slice(2),
    {
      "dry-run": { type: "boolean", default: false },
      org: { type: "string" },
      now: { type: "string" },
      json: { type: "boolean", default: false },
      actor: { type: "string" },
      help: { type: "boolean", default: false },
    },
    USAGE,
  );
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const now = values.now !== undefined ? parseTime(values.now, "--now") : new Date();
  const actor = actorFrom(values.actor);
  const ctx = await openCliContext(undefined, PURGE_DATABASE_OPTIONS);
  const abort = new AbortController();
  const onSigint = () => {
    process.stderr.write("stopping after the current batch…\n");
    abort.abort();
  };
  process.on("SIGINT", onSigint);
  try {
    const services = createComplianceServices(ctx.repos, ctx.clock, "separate-process");
    if (!values["dry-run"] && now.getTime() > Date.now()) {
      process.stderr.write(
        `warning: --now ${now.toISOString()} is in the future: conversations are deleted before their retention ends (recorded in the audit trail)\n`,
      );
    }
    const report = await asUsage(() =>
      services.purge.run({
        dryRun: values["dry-run"] === true,
        now,
        organisationSlug: values.org ?? null,
        actor,
        signal: abort.signal,
      }),
    );
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatPurgeReport(report));
    return report.status === "completed" ? 0 : 1;
  } finally {
    process.off("SIGINT", onSigint);
    await ctx.close();
  }
});
