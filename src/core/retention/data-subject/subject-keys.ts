import { ComplianceError } from "../compliance-error.js";

/** Who a data-subject request is about, as staff type it in. */
export interface SubjectQuery {
  /** The widget customer id (Customer.id). */
  customerId?: string | null;
  /** E-mail given in a leave-a-message (or stored on the customer). */
  email?: string | null;
  /** Phone given in a leave-a-message (or stored on the customer). */
  phone?: string | null;
}

export interface SubjectLookup {
  customerIds: string[];
  emails: string[];
  phones: string[];
  /** For audit records: which kinds of key were given, never their values. */
  keyKinds: Array<"customerId" | "email" | "phone">;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Validates the query and widens e-mail and phone to the spellings they may
 * be stored in (exact matches keep the indexed look-ups): e-mail as typed
 * and lower-cased; Norwegian phones with and without +47/0047 and in the
 * usual groupings.
 */
export function subjectLookup(q: SubjectQuery): SubjectLookup {
  const customerId = q.customerId?.trim() || null;
  const email = q.email?.trim() || null;
  const phone = q.phone?.trim() || null;
  if (!customerId && !email && !phone) {
    throw new ComplianceError("invalid_input", "name the customer: a customer id, an e-mail address or a phone number");
  }
  if (email && !EMAIL.test(email)) throw new ComplianceError("invalid_input", `"${email}" is not an e-mail address`);
  const phones = phone ? phoneSpellings(phone) : [];
  if (phone && phones.length === 0) throw new ComplianceError("invalid_input", `"${phone}" is not a phone number`);
  return {
    customerIds: customerId ? [customerId] : [],
    emails: email ? [...new Set([email, email.toLowerCase()])] : [],
    phones,
    keyKinds: [
      ...(customerId ? (["customerId"] as const) : []),
      ...(email ? (["email"] as const) : []),
      ...(phone ? (["phone"] as const) : []),
    ],
  };
}

export function phoneSpellings(raw: string): string[] {
  let digits = raw.replace(/\D/g, "");
  if (digits.length < 8 || digits.length > 15) return [];
  if (digits.startsWith("00")) digits = digits.slice(2);
  const out = new Set<string>([raw.trim(), digits, `+${digits}`]);
  const national =
    digits.length === 10 && digits.startsWith("47") ? digits.slice(2) : digits.length === 8 ? digits : null;
  if (national) {
    const pairs = `${national.slice(0, 2)} ${national.slice(2, 4)} ${national.slice(4, 6)} ${national.slice(6)}`;
    const mobile = `${national.slice(0, 3)} ${national.slice(3, 5)} ${national.slice(5)}`;
    for (const n of [national, pairs, mobile]) {
      out.add(n);
      out.add(`+47 ${n}`);
      out.add(`+47${n.replace(/ /g, "")}`);
      out.add(`0047${n.replace(/ /g, "")}`);
    }
  }
  return [...out];
}
