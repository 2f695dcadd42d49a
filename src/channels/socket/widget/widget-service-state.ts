import type { Clock } from "../../../core/clock.js";
import type { CustomerConversations } from "../../../core/customers/customer-conversations.js";
import type { HandoffPort } from "../../../core/handoff/handoff-port.js";
import { openingHoursOf } from "../../../core/hours/opening-hours.js";
import type { KnowledgeBase, Organisation } from "../../../core/knowledge/types.js";
import type { Logger } from "../../../observability/logger.js";
import type { ServiceState } from "../../../protocol/widget.js";
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
/** How often opening hours are looked at, so the header also changes when the service opens or closes. */
const HOURS_CHECK_MS = 15_000;

/**
 * Pushes the `service` event to every customer of an organisation when its
 * agents' presence changes, and when its opening hours begin or end, so
 * the widget's header ("advisers online", "nobody on duty", "closed")
 * follows agents going online and offline and the clock. Emits go
 * through the namespace, so with a Socket.IO adapter they reach customers
 * on every server process. Returns a function that unsubscribes.
 */
export function startServiceStateRelay(
  nsp: WidgetNsp,
  deps: {
    presenceChanges: PresenceChanges;
    knowledge: KnowledgeBase;
    conversations: Pick<CustomerConversations, "organisationId" | "organisationSlug">;
    handoff: Pick<HandoffPort, "agentsOnline">;
    clock: Clock;
    logger: Logger;
  },
): () => void {
  const pending = new Map<string, NodeJS.Timeout>();

  const push = async (organisationId: string) => {
    const slug = await deps.conversations.organisationSlug(organisationId);
    const org = slug ? deps.knowledge.organisations.get(slug) : undefined;
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
      const id = await deps.conversations.organisationId(slug);
      if (id) soon(id);
    }
  };

  // Opening hours: each organisation's open/closed as last seen; a change is pushed.
  const lastOpen = new Map<string, boolean>();
  const checkHours = async () => {
    const now = deps.clock.now();
    for (const [slug, org] of deps.knowledge.organisations) {
      const open = openingHoursOf(org).isOpen(now);
      const before = lastOpen.get(slug);
      lastOpen.set(slug, open);
      if (before === undefined || before === open) continue;
      const id = await deps.conversations.organisationId(slug);
      if (id) soon(id);
    }
  };
  const hoursTimer = setInterval(() => {
    checkHours().catch((err: unknown) => deps.logger.warn({ err }, "could not check opening hours for the widget"));
  }, HOURS_CHECK_MS);
  hoursTimer.unref();
  void checkHours().catch(() => {});

  const off = deps.presenceChanges((organisationId) => {
    if (organisationId) soon(organisationId);
    else
      everyOrganisation().catch((err: unknown) =>
        deps.logger.warn({ err }, "could not push the service state to the widget"),
      );
  });
  return () => {
    off();
    clearInterval(hoursTimer);
    for (const timer of pending.values()) clearTimeout(timer);
    pending.clear();
  };
}
