import { cliActor } from "../../src/core/retention/compliance-actor.js";
import type { Prisma } from "../../src/storage/database.js";
import type { Repositories } from "../../src/storage/repositories/index.js";
import { recordAt } from "../support/conversation-core.js";

/** Small builders for retention tests: organisations, customers and conversations at chosen times. */
export const actor = cliActor("test");

export async function seedOrganisations(repos: Repositories, slugs: string[] = ["ror-ikt", "fjellkommune"]) {
  const orgs = await repos.organisations.sync(
    slugs.map((slug) => ({ slug, name: slug.toUpperCase(), defaultLanguage: "nb", privacyUrl: null })),
  );
  return Object.fromEntries(orgs.map((o) => [o.slug, o.id])) as Record<string, string>;
}

export interface SeededConversation {
  id: string;
  organisationId: string;
  customerId: string | null;
  lastActivityAt: Date;
  human: boolean;
  messages: number;
}

/** A conversation whose last activity is `at`; `human` adds an agent message (5-year class). */
export async function seedConversation(
  repos: Repositories,
  organisationId: string,
  at: Date,
  opts: { human?: boolean; messages?: number; customerId?: string | null; fallback?: boolean; texts?: string[] } = {},
): Promise<SeededConversation> {
  const start = new Date(at.getTime() - 60_000);
  const conv = await repos.conversations.create(
    { organisationId, channel: "widget", customerId: opts.customerId ?? null },
    start,
  );
  const texts = opts.texts ?? [];
  const n = Math.max(opts.messages ?? 2, texts.length);
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const role = opts.human && last ? "agent" : i % 2 === 0 ? "customer" : "bot";
    await recordAt(
      repos,
      {
        conversationId: conv.id,
        role,
        text: texts[i] ?? `melding ${i}`,
        metadata: role === "bot" ? { action: opts.fallback ? "fallback" : "answer", confidence: 0.5 } : null,
        authorName: role === "agent" ? "Kari Agent" : null,
      },
      last ? at : new Date(start.getTime() + i * 1000),
    );
  }
  return {
    id: conv.id,
    organisationId,
    customerId: opts.customerId ?? null,
    lastActivityAt: at,
    human: opts.human ?? false,
    messages: n,
  };
}

/**
 * Empties what retention tests create (conversations and everything hanging
 * off them, customers, holds, requests, objections, purge runs, locks, audit),
 * keeping organisations and policies' cache honest.
 */
export async function clearRetentionData(t: { db: { prisma: Prisma }; repos: Repositories }): Promise<void> {
  const p = t.db.prisma;
  await p.legalHold.deleteMany({});
  await p.offlineMessage.deleteMany({});
  await p.botState.deleteMany({});
  await p.conversation.deleteMany({});
  await p.customer.deleteMany({});
  await p.analyticsObjection.deleteMany({});
  await p.jobLock.deleteMany({});
  await p.purgeRun.deleteMany({});
  await p.auditEvent.deleteMany({});
  t.repos.retentionPolicies.forget();
}

/** A real purge run marked running, as if another process were carrying it out (it never progresses here). */
export function startForeignRun(
  purgeRuns: Repositories["compliance"]["purge"],
  opts: { actor?: string; organisationSlug?: string | null } = {},
) {
  return purgeRuns.createRun({
    actor: opts.actor ?? "scheduler:other-host",
    startedAt: new Date(),
    cutoff: new Date(),
    organisationSlug: opts.organisationSlug ?? null,
    dryRun: false,
    policyVersions: {},
  });
}
