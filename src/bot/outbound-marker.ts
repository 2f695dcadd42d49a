import type { Activity, TurnContext } from "botbuilder";

/**
 * Instructions for the transcript middleware that travel with an outgoing
 * activity (in channelData, removed before the activity leaves the process).
 */
export interface OutboundMarker {
  /** Already stored (agent messages relayed to a Bot Framework channel): send only. */
  logged?: boolean;
  /** Sent even while a person owns the conversation (queue notices, hand-back). */
  allowWhileHuman?: boolean;
  /** Stored with this role instead of "bot". */
  role?: "bot" | "system";
  /** Stored (and published) with the message: decision, sources, confidence, choices. */
  meta?: Record<string, unknown>;
  /** Store without publishing to other channels (notices only this channel shows). */
  publish?: boolean;
}

const FIELD = "skranke";
const RECORDED = Symbol("skranke.recordedMessageIds");

/** Returns the activity with the marker attached. */
export function mark<T extends Partial<Activity>>(activity: T, marker: OutboundMarker): T {
  activity.channelData = { ...(activity.channelData ?? {}), [FIELD]: marker };
  return activity;
}

/** Reads and removes the marker (channels never see it). */
export function takeMarker(activity: Partial<Activity>): OutboundMarker {
  const data = activity.channelData as Record<string, unknown> | undefined;
  const marker = (data?.[FIELD] as OutboundMarker | undefined) ?? {};
  if (data && FIELD in data) {
    const { [FIELD]: _removed, ...rest } = data;
    activity.channelData = Object.keys(rest).length > 0 ? rest : undefined;
  }
  return marker;
}

/** Reads the marker without removing it. */
export function peekMarker(activity: Partial<Activity>): OutboundMarker {
  return ((activity.channelData as Record<string, unknown> | undefined)?.[FIELD] as OutboundMarker | undefined) ?? {};
}

/** The ids of messages the transcript middleware stored during this turn, in order. */
export function recordedMessageIds(context: TurnContext): number[] {
  let ids = context.turnState.get(RECORDED) as number[] | undefined;
  if (!ids) {
    ids = [];
    context.turnState.set(RECORDED, ids);
  }
  return ids;
}

/** Sends one message and returns the id it was stored under (undefined when it was not stored). */
export async function sendAndRecord(context: TurnContext, activity: Partial<Activity>): Promise<number | undefined> {
  const ids = recordedMessageIds(context);
  const before = ids.length;
  await context.sendActivity(activity);
  return ids.length > before ? ids[ids.length - 1] : undefined;
}
