import CircuitBreaker from "opossum";

export type CircuitState = "closed" | "open" | "half-open";

/**
 * When the model counts as down: the last `windowMs` saw at least `failures` calls and more than
 * half of them failed (errors after retries, timeouts); then calls fail at once for `resetMs`, after which one call is let through as a probe: its success
 * closes the circuit, its failure opens it again.
 */
export interface CircuitSettings {
  readonly failures: number;
  readonly windowMs: number;
  readonly resetMs: number;
}

export const CIRCUIT_DEFAULTS: CircuitSettings = { failures: 5, windowMs: 60_000, resetMs: 30_000 };

/** Thrown instead of calling the model while the circuit is open. */
export class CircuitOpenError extends Error {
  constructor() {
    super("the language model's circuit is open (too many recent failures); not called");
    this.name = "CircuitOpenError";
  }
}

export interface ModelCircuit {
  run<T>(call: () => Promise<T>): Promise<T>;
  state(): CircuitState;
  /** Stops the breaker's timers (shutdown, tests). */
  shutdown(): void;
}

/** A circuit breaker (opossum) around model calls; `onState` hears every change. */
export function createModelCircuit(
  settings: CircuitSettings = CIRCUIT_DEFAULTS,
  onState?: (state: CircuitState) => void,
): ModelCircuit {
  const breaker = new CircuitBreaker((call: () => Promise<unknown>) => call(), {
    timeout: false,
    errorThresholdPercentage: 50,
    volumeThreshold: settings.failures,
    rollingCountTimeout: settings.windowMs,
    resetTimeout: settings.resetMs,
  });
  const state = (): CircuitState => (breaker.opened ? "open" : breaker.halfOpen ? "half-open" : "closed");
  breaker.on("open", () => onState?.("open"));
  breaker.on("halfOpen", () => onState?.("half-open"));
  breaker.on("close", () => onState?.("closed"));
  return {
    async run<T>(call: () => Promise<T>): Promise<T> {
      try {
        return (await breaker.fire(call)) as T;
      } catch (err) {
        if ((err as { code?: string }).code === "EOPENBREAKER") throw new CircuitOpenError();
        throw err;
      }
    },
    state,
    shutdown: () => breaker.shutdown(),
  };
}
