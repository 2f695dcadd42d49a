import { writeFileSync } from "node:fs";
import { createComplianceServices } from "../core/retention/compliance-services.js";
import { exportAsText } from "../core/retention/data-subject/export-text.js";
import { openCliContext, runCli, UsageError } from "./cli-context.js";
import { actorFrom, asUsage, parseFlags, parseMonths, parseTime } from "./compliance-cli-support.js";

const USAGE = `usage: npm run compliance -- <command> [flags]   (every command takes --actor NAME and --json)
  policy list
  policy set --org SLUG --bot-only-months N --human-months N
  policy recompute [--org SLUG]
  hold list [--all]
  hold place (--conversation ID | --customer ID) --reason TEXT
  hold release --id HOLD-ID --reason TEXT
  subject export (--customer ID | --email ADDRESS | --phone NUMBER) [--format json|text] [--out FILE]
  subject erase  (--customer ID | --email ADDRESS | --phone NUMBER)
  subject object (--customer ID | --email ADDRESS | --phone NUMBER)
  analytics export [--org SLUG] [--from ISO-TIME] [--to ISO-TIME] [--out FILE]
  runs [--limit N]
  runs stop --id RUN-ID   (a running real purge stops after its current batch)`;

const FLAGS = {
  actor: { type: "string" },
  json: { type: "boolean", default: false },
  org: { type: "string" },
  "bot-only-months": { type: "string" },
  "human-months": { type: "string" },
  all: { type: "boolean", default: false },
  conversation: { type: "string" },
  customer: { type: "string" },
  reason: { type: "string" },
  id: { type: "string" },
  email: { type: "string" },
  phone: { type: "string" },
  format: { type: "string" },
  out: { type: "string" },
  from: { type: "string" },
  to: { type: "string" },
  limit: { type: "string" },
  help: { type: "boolean", default: false },
} as const;

/**
 * `npm run compliance`: retention policies, legal holds, data-subject
 * requests and the masked analytics export from the command line (the same
 * services as /api/compliance). Exit 2 on usage errors.
 */
runCli(async () => {
  const { values, positionals } = parseFlags(process.argv.slice(2), FLAGS, USAGE, true);
  const [group, command] = positionals;
  if (values.help || !group) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const actor = actorFrom(values.actor);
  const ctx = await openCliContext();
  const s = createComplianceServices(ctx.repos, ctx.clock, "separate-process");
  const print = (value: unknown, text: string) =>
    process.stdout.write(values.json ? `${JSON.stringify(value)}\n` : `${text}\n`);
  const subject = { customerId: values.customer, email: values.email, phone: values.phone };
  try {
    return await asUsage(async () => {
      switch (`${group} ${command ?? ""}`.trim()) {
        case "policy list": {
          const list = await s.policies.list();
          print(
            list,
            list
              .map(
                (p) =>
                  `${p.organisation}: v${p.policy.version} bot-only ${p.policy.botOnlyMonths} months, human ${p.policy.humanInvolvedMonths} months${p.awaitingRecompute ? ` (${p.awaitingRecompute} awaiting recompute)` : ""}`,
              )
              .join("\n") || "no organisations",
          );
          return 0;
        }
        case "policy set": {
          if (!values.org) throw new UsageError("--org is required");
          const r = await s.policies.set(
            values.org,
            {
              botOnlyMonths: parseMonths(values["bot-only-months"], "--bot-only-months"),
              humanInvolvedMonths: parseMonths(values["human-months"], "--human-months"),
            },
            actor,
          );
          print(
            r,
            `${values.org}: policy v${r.policy.version} in force; ${r.recomputed} conversation expiries recomputed`,
          );
          return 0;
        }
        case "policy recompute": {
          const n = await s.policies.recompute(values.org ?? null);
          print({ recomputed: n }, `${n} conversation expiries recomputed`);
          return 0;
        }
        case "hold list": {
          const holds = await s.holds.list(!values.all, null);
          print(
            holds,
            holds
              .map(
                (h) =>
                  `${h.id} ${h.active ? "ACTIVE" : "released"} ${h.conversationId ? `conversation ${h.conversationId}` : `customer ${h.customerId}`} placed ${h.placedAt} by ${h.placedBy}: ${h.reason}`,
              )
              .join("\n") || "no holds",
          );
          return 0;
        }
        case "hold place": {
          const h = await s.holds.place(
            { conversationId: values.conversation, customerId: values.customer },
            values.reason ?? "",
            actor,
            null,
          );
          print(h, `hold ${h.id} placed`);
          return 0;
        }
        case "hold release": {
          if (!values.id) throw new UsageError("--id is required");
          const h = await s.holds.release(values.id, values.reason ?? "", actor, null);
          print(h, `hold ${h.id} released`);
          return 0;
        }
        case "subject export": {
          const format = values.format ?? "json";
          if (format !== "json" && format !== "text") throw new UsageError("--format must be json or text");
          const e = await s.subjects.export(subject, actor, null);
          const body = format === "json" ? `${JSON.stringify(e, null, 2)}\n` : exportAsText(e);
          if (values.out) {
            writeFileSync(values.out, body, { mode: 0o600 });
            process.stderr.write(`written to ${values.out} (${e.conversations.length} conversation(s))\n`);
          } else {
            process.stdout.write(body);
          }
          return 0;
        }
        case "subject erase": {
          const r = await s.subjects.erase(subject, actor, null);
          print(
            r,
            [
              `deleted ${r.deleted.conversations.length} bot-only conversation(s) (${r.deleted.messages} messages), ${r.deleted.offlineMessages} leave-a-message request(s), ${r.deleted.customers} customer record(s)`,
              ...r.kept.map((k) => `kept ${k.conversationId}: ${k.explanation}`),
            ].join("\n"),
          );
          return 0;
        }
        case "subject object": {
          const r = await s.subjects.object(subject, actor, null);
          print(
            r,
            `objection recorded (${r.customers} customer record(s)); excluded from analytics exports from now on`,
          );
          return 0;
        }
        case "analytics export": {
          const to = values.to ? parseTime(values.to, "--to") : new Date();
          const from = values.from ? parseTime(values.from, "--from") : new Date(to.getTime() - 30 * 86_400_000);
          const e = await s.analytics.export({ organisationSlug: values.org ?? null, from, to }, actor, null);
          const body = `${JSON.stringify(e, null, 2)}\n`;
          if (values.out) writeFileSync(values.out, body);
          else process.stdout.write(body);
          return 0;
        }
        case "runs": {
          const limit = values.limit ? Number(values.limit) : 20;
          if (!Number.isInteger(limit) || limit < 1) throw new UsageError("--limit must be a positive whole number");
          const runs = await s.log.purgeRuns({ organisationId: null }, limit);
          print(
            runs,
            runs
              .map(
                (r) =>
                  `${r.startedAt} ${r.id} ${r.dryRun ? "dry-run" : "real"} ${r.stale ? "stale (killed?)" : r.status} by ${r.actor}: ${r.deletedConversations} conversations, ${r.deletedMessages} messages${r.error ? ` (${r.error})` : ""}`,
              )
              .join("\n") || "no purge runs",
          );
          return 0;
        }
        case "runs stop": {
          if (!values.id) throw new UsageError("runs stop needs --id RUN-ID");
          const r = await s.purge.requestStop(values.id, actor);
          print(r, `purge run ${r.runId}: asked to stop; it stops after its current batch (follow it with "runs")`);
          return 0;
        }
        default:
          throw new UsageError(`unknown command "${positionals.join(" ")}"\n${USAGE}`);
      }
    });
  } finally {
    await ctx.close();
  }
});
