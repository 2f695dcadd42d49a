import { MAX_MESSAGE_CHARS } from "./limits.js";

/** Checks for the leave-a-message form (the server validates again). */

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function isEmail(v: string): boolean {
  const s = v.trim();
  return s.length <= 254 && EMAIL.test(s);
}

/**
 * Norwegian numbers (8 digits, optionally +47 or 0047 first) and other
 * international numbers written with a leading + (8 to 15 digits).
 * Spaces, dashes, dots and brackets between digits are allowed.
 */
export function isPhone(v: string): boolean {
  const s = v.trim();
  if (!/^\+?[\d\s\-().]+$/.test(s)) return false;
  const digits = s.replace(/\D/g, "");
  if (s.startsWith("+")) {
    if (digits.startsWith("47")) return digits.length === 10;
    return digits.length >= 8 && digits.length <= 15;
  }
  if (digits.startsWith("0047")) return digits.length === 12;
  return digits.length === 8;
}

export interface LeaveMessageInput {
  name: string;
  email: string;
  phone: string;
  text: string;
}

export type LeaveMessageErrors = Partial<Record<"email" | "phone" | "text" | "contact", true>>;

export function validateLeaveMessage(input: LeaveMessageInput): LeaveMessageErrors {
  const errors: LeaveMessageErrors = {};
  const email = input.email.trim();
  const phone = input.phone.trim();
  if (email && !isEmail(email)) errors.email = true;
  if (phone && !isPhone(phone)) errors.phone = true;
  if (!email && !phone) errors.contact = true;
  const text = input.text.trim();
  if (!text || text.length > MAX_MESSAGE_CHARS) errors.text = true;
  return errors;
}
