import { afterEach, describe, expect, it } from "vitest";
import { OPEN_KNOWLEDGE_DIR, OPEN_ORG, openShared } from "../channels/support/cluster.js";
import { conversationCoreFor } from "../support/conversation-core.js";
import { spawnServer } from "../support/server-process.js";
import { PRIMARY_PROVIDER, shouldSkip } from "../support/test-database.js";
import { AgentClient, eventually, freshDatabase, startServer } from "./support/harness.js";
import { WidgetCustomer } from "./support/widget-customer.js";

const skip = await shouldSkip(PRIMARY_PROVIDER);
// Anne must be back within the start-up check (5 s) plus this: room for a slow start on a busy machine.
const GRACE_SECONDS = 4;

/**
 * A crashed server records no disconnect for the customers who were waiting.
 * After a restart those who do not come back within the grace period get a
 * disconnect time, and the ordinary sweep abandons them a grace period later;
 * those who reconnect keep their place; Bot Framework customers (who never
 * connect to a socket) are left alone.
 */
describe.skipIf(skip)("waiting customers after a crash", { timeout: 180_000 }, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const fn of cleanups.reverse()) await fn();
    cleanups.length = 0;
  });

  it("abandons those who never come back and keeps the place of those who do", async () => {
    const db = freshDatabase();
    cleanups.push(db.cleanup);
    const env = {
      DATABASE_URL: db.config.url,
      REDIS_URL: "",
      SKRANKE_KNOWLEDGE_DIR: OPEN_KNOWLEDGE_DIR,
      SKRANKE_QUEUE_GRACE_SECONDS: String(GRACE_SECONDS),
    };
    const crashing = await spawnServer(env);
    cleanups.push(() => crashing.stop());
    const shared = await openShared(db.config);
    cleanups.push(() => shared.close());
    const kari = await shared.addStaff(crashing.url, { email: "kari@beta.test", name: "Kari" });
    const agent = await AgentClient.connect(crashing.url, kari.token);
    cleanups.push(() => agent.close());

    const anne = await WidgetCustomer.connect(crashing.url, { org: OPEN_ORG, lang: "nb" });
    const per = await WidgetCustomer.connect(crashing.url, { org: OPEN_ORG, lang: "nb" });
    cleanups.push(
      () => anne.close(),
      () => per.close(),
    );
    expect(await anne.request("handoff:request", {})).toMatchObject({ status: "queued", position: 1 });
    expect(await per.request("handoff:request", {})).toMatchObject({ status: "queued", position: 2 });

    // A Bot Framework customer waits too: no socket, ever.
    const org = await shared.repos.organisations.findBySlug(OPEN_ORG);
    const teams = await shared.repos.conversations.create(
      { organisationId: org?.id as string, channel: "msteams", externalId: "teams-1" },
      new Date(),
    );
    const teamsRequest = await conversationCoreFor(shared.repos).lifecycle.requestHandoff(teams, {
      reason: "customer_request",
      summary: null,
    });
    expect(teamsRequest?.status).toBe("waiting");

    // The crash: nobody records that Anne and Per lost their connection.
    crashing.child.kill("SIGKILL");
    await crashing.stop();
    for (const c of [anne, per]) {
      const request = await shared.repos.handoff.findActive(c.conversationId);
      expect(request).toMatchObject({ status: "waiting", customerDisconnectedAt: null });
    }

    // Taken before the start: recovery begins inside it, so a slow start-up cannot shorten what is measured.
    const restartedAt = Date.now();
    const server = await startServer(db.config, {
      env: { SKRANKE_KNOWLEDGE_DIR: OPEN_KNOWLEDGE_DIR, SKRANKE_QUEUE_GRACE_SECONDS: String(GRACE_SECONDS) },
    });
    cleanups.push(() => server.close());
    // Anne comes back at once; Per never does.
    const anneAgain = await WidgetCustomer.connect(server.url, { org: OPEN_ORG, token: anne.token, lang: "nb" });
    cleanups.push(() => anneAgain.close());
    expect(anneAgain.session?.queue).toMatchObject({ position: 1 });

    await eventually(
      async () => (await shared.repos.handoff.findLatest(per.conversationId))?.status === "abandoned",
      40_000,
    );
    // One grace period to reconnect, then one more before the sweep gives up.
    expect(Date.now() - restartedAt).toBeGreaterThanOrEqual(2 * GRACE_SECONDS * 1000);
    expect((await shared.repos.conversations.findById(per.conversationId))?.status).toBe("bot");

    await new Promise((r) => setTimeout(r, GRACE_SECONDS * 1000));
    const anneRequest = await shared.repos.handoff.findActive(anne.conversationId);
    expect(anneRequest).toMatchObject({ status: "waiting", customerDisconnectedAt: null });
    expect(await server.app.context.services.handoff.queuePosition(anne.conversationId)).toMatchObject({
      position: 1,
    });
    const teamsNow = await shared.repos.handoff.findActive(teams.id);
    expect(teamsNow).toMatchObject({ status: "waiting", customerDisconnectedAt: null });
  });
});
