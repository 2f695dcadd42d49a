import { z } from "zod";

export interface RateLimit {
  points: number;
  /** Seconds. */
  duration: number;
}

/** Limits an operator sizes for the expected load (README, "Configuration"). */
export interface Limits {
  /** Customer messages per customer (widget token), whatever the number of tabs. */
  messages: RateLimit;
  /** Other customer events that store something (feedback, rating, handoff, offline message), per customer. */
  writes: RateLimit;
  /** New customers (widget connections without a known token) per client address. */
  newCustomers: RateLimit;
  /** Staff events that change something, per member of staff. */
  staffWrites: RateLimit;
  /** Login attempts per client address, whatever the e-mail. */
  logins: RateLimit;
  /** Wrong passwords for one account from one address before logins from there pause. */
  loginLockout: { failures: number; minutes: number };
}

export const DEFAULT_LIMITS: Limits = {
  messages: { points: 10, duration: 10 },
  writes: { points: 30, duration: 60 },
  newCustomers: { points: 30, duration: 60 },
  staffWrites: { points: 60, duration: 30 },
  logins: { points: 20, duration: 60 },
  loginLockout: { failures: 5, minutes: 15 },
};

/** A rate limit written POINTS/SECONDS: at most POINTS in any SECONDS. */
export const rateLimit = (fallback: RateLimit) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v, ctx): RateLimit => {
      if (v === undefined || v === "") return fallback;
      const m = /^(\d{1,6})\/(\d{1,6})$/.exec(v);
      const points = Number(m?.[1]);
      const duration = Number(m?.[2]);
      if (!m || points < 1 || duration < 1 || duration > 86_400) {
        ctx.addIssue({
          code: "custom",
          message: "must be POINTS/SECONDS such as 10/10 (at least 1/1, at most a day)",
        });
        return z.NEVER;
      }
      return { points, duration };
    });
