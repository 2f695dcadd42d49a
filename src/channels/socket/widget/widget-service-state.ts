import type { Clock } from "../../../core/clock.js";
import type { HandoffPort } from "../../../core/handoff/handoff-port.js";
import { openingHoursOf } from "../../../core/hours/opening-hours.js";
import type { KnowledgeBase, Organisation } from "../../../core/knowledge/types.js";
import type { Logger } from "../../../observability/logger.js";
import type { ServiceState } from "../../../protocol/widget.js";
import type { Repositories } from "../../../storage/repositories/index.js";
import type { WidgetNsp } from "./widget-context.js";
import { widgetOrganisationRoom } from "./widget-rooms.js";

/** Open now, and (then) whether an agent of the organisation is online: what the widget's header shows. */
export async function serviceStateOf(
  deps: { handoff: Pick<HandoffPort, "agentsOnline">; clock: Clock },
  org: Organisation,
  organisationId: string,
): Promise<ServiceState> {
  const open = openingHoursOf(org).isOpen(deps.clock.now());
  return { open, agentsOnline: open && (await deps.handoff.agentsOnline(organisationId)) };
}

/** Subscribes to agents' presence changes of an organisation (null: staff of every organisation). */
export type PresenceChanges = (listener: (organisationId: string | null) => void) => () => void;

/** Gathers a burst of presence changes (a console reconnecting) into one `service` event. */
const DELAY_MS = 100;

/**
 * Pushes the `service` event to every customer of an organisation when its
 * agents' presence changes, so the widget's header ("advisers online",
 * "nobody on duty") follows agents going online and offline. Emits go
 * through the namespace, so with a Socket.IO adapter they reach customers
 * on every server process. Returns a function that unsubscribes.
 */
export function startServiceStateRelay(
  nsp: WidgetNsp,
  deps: {
    presenceChanges: PresenceChanges;
    knowledge: KnowledgeBase;
    repos: Pick<Repositories, "organisations">;
    handoff: Pick<HandoffPort, "agentsOnline">;
    clock: Clock;
    logger: Logger;
  },
): () => void {
  const pending = new Map<string, NodeJS.Timeout>();

  const push = async (organisationId: string) => {
    const row = await deps.repos.organisations.findById(organisationId);
    const org = row ? deps.knowledge.organisations.get(row.slug) : undefined;
    if (!org) return;
    nsp.to(widgetOrganisationRoom(organisationId)).emit("service", await serviceStateOf(deps, org, organisationId));
  };

  const soon = (organisationId: string) => {
    if (pending.has(organisationId)) return;
    const timer = setTimeout(() => {
      pending.delete(organisationId);
      push(organisationId).catch((err: unknown) =>
        deps.logger.warn({ err, organisationId }, "could not push the service state to the widget"),
      );
    }, DELAY_MS);
    timer.unref();
    pending.set(organisationId, timer);
  };

  const everyOrganisation = async () => {
    for (const slug of deps.knowledge.organisations.keys()) {
      const row = await deps.repos.organisations.findBySlug(slug);
      if (row) soon(row.id);
    }
  };

  const off = deps.presenceChanges((organisationId) => {
    if (organisationId) soon(organisationId);
    else
      everyOrganisation().catch((err: unknown) =>
        deps.logger.warn({ err }, "could not push the service state to the widget"),
      );
  });
  return () => {
    off();
    for (const timer of pending.values()) clearTimeout(timer);
    pending.clear();
  };
}
