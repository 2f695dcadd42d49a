import { APIError } from "openai";

/**
 * Bounded retries of a model call: only a 429 (rate limited) or a 5xx is retried, after the
 * delay the service asks for (`retry-after-ms`, `Retry-After` in seconds or as an HTTP date),
 * else after an exponential back-off; never past the caller's deadline (then the error is thrown
 * at once) and never after the caller aborted.
 */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly maxRetries: number;
  /** Back-off of the first retry when the service names no delay (doubled per retry). */
  readonly baseDelayMs: number;
  /** A longer delay asked for is not waited: the error is thrown instead. */
  readonly maxDelayMs: number;
}

export const RETRY_DEFAULTS: RetryPolicy = { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 5_000 };

export function isRetryableStatus(status: number | undefined): boolean {
  return status === 429 || (status !== undefined && status >= 500 && status <= 599);
}

/** The delay a response's headers ask for, in ms, or undefined when they ask for none. */
export function retryAfterMs(headers: Headers | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms && /^\d+(\.\d+)?$/.test(ms.trim())) return Math.ceil(Number(ms));
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.ceil(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export interface RetryContext {
  readonly policy?: RetryPolicy;
  readonly signal: AbortSignal;
  /** Epoch ms after which no retry starts (the per-answer deadline). */
  readonly deadline?: number;
  /** Told before each retry (logs). */
  readonly onRetry?: (info: { attempt: number; status: number | undefined; delayMs: number }) => void;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs `call` (attempt 0, 1, ...) under the policy. */
export async function withRetries<T>(call: (attempt: number) => Promise<T>, context: RetryContext): Promise<T> {
  const policy = context.policy ?? RETRY_DEFAULTS;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(attempt);
    } catch (err) {
      if (!(err instanceof APIError) || !isRetryableStatus(err.status)) throw err;
      if (attempt >= policy.maxRetries || context.signal.aborted) throw err;
      const asked = retryAfterMs(err.headers);
      const delayMs = asked ?? policy.baseDelayMs * 2 ** attempt;
      if (delayMs > policy.maxDelayMs) throw err;
      if (context.deadline !== undefined && Date.now() + delayMs >= context.deadline) throw err;
      context.onRetry?.({ attempt: attempt + 1, status: err.status, delayMs });
      await sleep(delayMs, context.signal);
    }
  }
}
