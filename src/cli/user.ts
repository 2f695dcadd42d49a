import os from "node:os";
import { parseArgs } from "node:util";
import { revocationPublisher } from "../channels/socket/agent/revocation-relay.js";
import { AccountError, AccountService } from "../core/accounts/account-service.js";
import { ROLES } from "../core/accounts/roles.js";
import { loadKnowledgeBase } from "../core/knowledge/index.js";
import { syncOrganisations } from "../core/organisations/sync-organisations.js";
import { createLogger } from "../observability/logger.js";
import { type CliContext, openCliContext, runCli, UsageError } from "./cli-context.js";
import { readPassword } from "./password-input.js";

/**
 * Staff accounts from the command line (docs/agent-console.md):
 *   npm run user:add -- --email kari@example.no --role agent --org ror-ikt [--name "Kari"] [--max-chats 3]
 *   npm run user:disable -- --email kari@example.no [--enable]
 *   npm run user:reset -- --email kari@example.no
 *   npx tsx src/cli/user.ts list [--org ror-ikt]
 * Passwords are typed at a hidden prompt, or read from the first line of stdin.
 * Disabling an account and resetting a password end its sessions; with
 * REDIS_URL the servers are told at once and disconnect its open consoles
 * (without it, at their next session check).
 */
const USAGE = `usage:
  npm run user:add -- --email EMAIL --role ${ROLES.join("|")} [--org SLUG] [--name "Display Name"] [--max-chats N]
  npm run user:disable -- --email EMAIL [--enable]
  npm run user:reset -- --email EMAIL
  npx tsx src/cli/user.ts list [--org SLUG]
The password is asked for at a prompt, or read from the first line of stdin.`;

function options(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        email: { type: "string" },
        role: { type: "string" },
        org: { type: "string" },
        name: { type: "string" },
        "max-chats": { type: "string" },
        enable: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
}

function need(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`--${flag} is required\n${USAGE}`);
  return value;
}

const actor = () => `cli:${os.userInfo().username}`;

async function main(): Promise<number> {
  const { values, positionals } = options(process.argv.slice(2));
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(`${USAGE}\n`);
    return command || values.help ? 0 : 2;
  }
  if (!["add", "disable", "reset", "list"].includes(command))
    throw new UsageError(`unknown command "${command}"\n${USAGE}`);
  const ctx = await openCliContext();
  try {
    if (command === "add") {
      const email = need(values.email, "email");
      const role = need(values.role, "role");
      let maxConcurrentChats: number | undefined;
      if (values["max-chats"] !== undefined) {
        maxConcurrentChats = Number(values["max-chats"]);
        if (!Number.isInteger(maxConcurrentChats) || maxConcurrentChats < 1 || maxConcurrentChats > 20) {
          throw new UsageError("--max-chats must be a whole number from 1 to 20");
        }
      }
      // Organisations come from the knowledge base; bring the database up to date before naming one.
      if (values.org) await syncOrganisations(loadKnowledgeBase(ctx.config.knowledgeDir), ctx.repos.organisations);
      const password = await readPassword();
      const user = await ctx.accounts.createUser({
        email,
        role,
        organisationSlug: values.org ?? null,
        password,
        ...(values.name ? { displayName: values.name } : {}),
        ...(maxConcurrentChats ? { maxConcurrentChats } : {}),
      });
      process.stdout.write(
        `created ${user.role} ${user.email} (${user.displayName})${values.org ? ` in ${values.org}` : ""}\n`,
      );
      return 0;
    }
    if (command === "disable") {
      const email = need(values.email, "email");
      const user = await withRevocations(ctx, (accounts) => accounts.setDisabled(email, !values.enable, actor()));
      process.stdout.write(`${user.email} is ${user.disabled ? "disabled (sessions revoked)" : "enabled"}\n`);
      return 0;
    }
    if (command === "reset") {
      const email = need(values.email, "email");
      const password = await readPassword();
      const user = await withRevocations(ctx, (accounts) => accounts.resetPassword(email, password, actor()));
      process.stdout.write(`new password set for ${user.email}; their sessions were revoked\n`);
      return 0;
    }
    const orgs = await ctx.repos.organisations.list();
    const org = values.org ? orgs.find((o) => o.slug === values.org) : undefined;
    if (values.org && !org) throw new UsageError(`unknown organisation "${values.org}"`);
    const slugOf = new Map(orgs.map((o) => [o.id, o.slug]));
    const users = org
      ? await ctx.repos.users.listByOrganisation(org.id)
      : (await Promise.all(orgs.map((o) => ctx.repos.users.listByOrganisation(o.id)))).flat();
    for (const u of users) {
      const where = u.organisationId ? (slugOf.get(u.organisationId) ?? "?") : "-";
      process.stdout.write(`${u.email}\t${u.role}\t${where}\t${u.disabled ? "disabled" : "active"}\n`);
    }
    return 0;
  } catch (err) {
    if (err instanceof AccountError) throw new UsageError(err.message);
    throw err;
  } finally {
    await ctx.close();
  }
}

/** Runs `fn` with accounts whose ended sessions are announced to the servers. */
async function withRevocations<T>(ctx: CliContext, fn: (accounts: AccountService) => Promise<T>): Promise<T> {
  const publisher = await revocationPublisher(ctx.config.redis, createLogger("warn", process.stderr));
  try {
    const { repos, clock, config } = ctx;
    return await fn(
      new AccountService(repos.users, repos.organisations, repos.audit, clock, config.sessionTtlHours, {
        revocations: publisher.bus,
      }),
    );
  } finally {
    await publisher.close();
  }
}

runCli(main);
