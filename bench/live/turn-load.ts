import { benchQuestions, closeAll, connectMany } from "./customers.js";
import type { MeasuredProcess } from "./processes.js";
import { type LatencySummary, summarise } from "./stats.js";

/**
 * Open-loop bot turns: each customer sends a question every
 * `1 / perSocketHz` seconds (random phase), whatever happened to the last
 * one, and the latency of a turn runs from when the message was due to the
 * first reply message the server sends back for it (role `bot`, not a
 * welcome or privacy notice). A reply that does not come within
 * `replyTimeoutMs` counts as an error; so does a refused acknowledgement.
 */
export interface TurnLoadOptions {
  urls: string[];
  rate: number;
  seconds: number;
  perSocketHz: number;
  replyTimeoutMs: number;
}

export interface TurnLoadResult {
  target: string;
  rate: number;
  sockets: number;
  sent: number;
  replied: number;
  errors: number;
  achievedPerSecond: number;
  latency: LatencySummary;
  /** The same, of each customer's first message only (it stores the customer and the conversation) and of the rest. */
  latencyFirst: LatencySummary;
  latencyLater: LatencySummary;
  cpuPercent: number;
  cpuMsPerTurn: number;
  /** [ms since start when due, latency ms, 1 for a customer's first message else 0] for every replied turn. */
  series: Array<[number, number, number]>;
}

const NOTICE_ACTIONS = new Set(["welcome", "privacy", "resumed"]);

export async function runTurnLoad(processes: MeasuredProcess[], options: TurnLoadOptions): Promise<TurnLoadResult> {
  const sockets = Math.max(1, Math.round(options.rate / options.perSocketHz));
  const { customers, failures } = await connectMany(options.urls, sockets, 50);
  if (failures.length > 0) throw new Error(`${failures.length} customers could not connect: ${failures[0]}`);
  // Let welcome messages and connection work settle before measuring.
  await new Promise((r) => setTimeout(r, 1500));
  const questions = benchQuestions();
  const periodMs = 1000 / options.perSocketHz;
  const series: Array<[number, number, number]> = [];
  let sent = 0;
  let errors = 0;
  const cpuBefore = processes.reduce((sum, p) => sum + p.cpuSeconds(), 0);
  const start = performance.now();
  const endAt = start + options.seconds * 1000;
  const timers: NodeJS.Timeout[] = [];

  const finished = customers.map(
    (customer, index) =>
      new Promise<void>((done) => {
        const pending: number[] = []; // due times of messages awaiting their reply, in order
        let outstanding = 0;
        let answered = 0;
        let sending = true;
        const maybeDone = () => {
          if (!sending && outstanding === 0) done();
        };
        customer.socket.on("message", (m: { role?: string; metadata?: { action?: string } | null }) => {
          if (m?.role !== "bot" || NOTICE_ACTIONS.has(String(m.metadata?.action))) return;
          const due = pending.shift();
          if (due === undefined) return;
          series.push([due - start, performance.now() - due, answered++ === 0 ? 1 : 0]);
          outstanding--;
          maybeDone();
        });
        let due = start + Math.random() * periodMs;
        const sendNext = () => {
          if (due >= endAt) {
            sending = false;
            maybeDone();
            return;
          }
          // Node's timers may fire up to a millisecond before the time asked for (they keep whole
          // milliseconds): a message sent early is timed from when it was sent, never before.
          const thisDue = Math.min(due, performance.now());
          const text = questions[(index + sent) % questions.length] as string;
          sent++;
          outstanding++;
          pending.push(thisDue);
          customer.socket
            .timeout(options.replyTimeoutMs)
            .emit("message", { clientId: `b${index}-${sent}`, text }, (err: unknown, ack?: { ok?: boolean }) => {
              if (err || !ack?.ok) {
                errors++;
                const at = pending.indexOf(thisDue);
                if (at >= 0) pending.splice(at, 1);
                outstanding--;
                maybeDone();
              }
            });
          // A reply that never comes is an error, not a hang.
          timers.push(
            setTimeout(() => {
              const at = pending.indexOf(thisDue);
              if (at >= 0) {
                pending.splice(at, 1);
                errors++;
                outstanding--;
                maybeDone();
              }
            }, options.replyTimeoutMs),
          );
          due += periodMs;
          timers.push(setTimeout(sendNext, Math.max(0, due - performance.now())));
        };
        timers.push(setTimeout(sendNext, Math.max(0, due - performance.now())));
      }),
  );
  await Promise.all(finished);
  const elapsed = (performance.now() - start) / 1000;
  const cpu = processes.reduce((sum, p) => sum + p.cpuSeconds(), 0) - cpuBefore;
  for (const t of timers) clearTimeout(t);
  closeAll(customers);
  const replied = series.length;
  return {
    target: processes.map((p) => p.name).join("+"),
    rate: options.rate,
    sockets,
    sent,
    replied,
    errors,
    achievedPerSecond: replied / options.seconds,
    latency: summarise(series.map(([, ms]) => ms)),
    latencyFirst: summarise(series.filter(([, , first]) => first === 1).map(([, ms]) => ms)),
    latencyLater: summarise(series.filter(([, , first]) => first === 0).map(([, ms]) => ms)),
    cpuPercent: (cpu / elapsed) * 100,
    cpuMsPerTurn: replied > 0 ? (cpu * 1000) / replied : Number.NaN,
    series,
  };
}
