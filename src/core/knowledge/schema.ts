import { z } from "zod";
import { CONTACT_KINDS, WEEKDAYS } from "./types.js";

const TIME = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

/** Minutes since midnight for "HH:MM"; "24:00" gives 1440. Returns NaN for anything else. */
export function minutesOfDay(time: string): number {
  if (time === "24:00") return 24 * 60;
  if (!TIME.test(time)) return Number.NaN;
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}

const nonEmpty = z.string().trim().min(1, "must not be empty");

const langEnum = z.enum(["nb", "en"]);

const localizedText = z.object({ nb: nonEmpty, en: nonEmpty });

const sourceRef = z.object({ file: nonEmpty, section: nonEmpty });

const timeOfDay = z.string().refine((t) => t === "24:00" || TIME.test(t), {
  message: 'must be a time "HH:MM" (00:00-23:59, or 24:00 as an end)',
});

const interval = z
  .tuple([timeOfDay, timeOfDay])
  .refine(([start, end]) => start !== "24:00" && minutesOfDay(start) < minutesOfDay(end), {
    message: "start must be before end",
  });

const dayIntervals = z.array(interval).superRefine((intervals, ctx) => {
  const sorted = [...intervals].sort((a, b) => minutesOfDay(a[0]) - minutesOfDay(b[0]));
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const cur = sorted[i];
    if (prev && cur && minutesOfDay(cur[0]) < minutesOfDay(prev[1])) {
      ctx.addIssue({ code: "custom", message: `intervals ${prev.join("-")} and ${cur.join("-")} overlap` });
    }
  }
});

const weekly = z.object(
  Object.fromEntries(WEEKDAYS.map((d) => [d, dayIntervals])) as Record<(typeof WEEKDAYS)[number], typeof dayIntervals>,
);

function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const openingHoursSchema = z.object({
  summary: localizedText,
  weekly,
  closedOnPublicHolidays: z.boolean(),
  source: sourceRef,
});

/**
 * A site allowed to embed the organisation's widget: an origin such as
 * https://www.example.no (scheme, host and port; no path). Stored in the
 * normalised form browsers send in the Origin header.
 */
const embedOrigin = z.string().transform((value, ctx) => {
  let url: URL | undefined;
  try {
    url = new URL(value.trim());
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== "https:" && url.protocol !== "http:") ||
    url.username ||
    url.password ||
    url.pathname !== "/" ||
    url.search ||
    url.hash ||
    /^https?:\/\/[^/]+\/./i.test(value.trim())
  ) {
    ctx.addIssue({
      code: "custom",
      message: `"${value}" must be a site origin such as https://www.example.no (scheme and host, optional port, no path)`,
    });
    return z.NEVER;
  }
  return url.origin;
});

export const organisationSchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be a lower-case slug like ror-ikt"),
  name: localizedText,
  aliases: z.array(nonEmpty),
  defaultLanguage: langEnum,
  privacyUrl: z.string().url().nullable(),
  timezone: z.string().refine(isValidTimeZone, { message: "must be an IANA time zone such as Europe/Oslo" }),
  openingHours: openingHoursSchema,
  openingHoursNote: z.string().optional(),
  /** The sites allowed to embed this organisation's widget (checked against the Origin of every /widget connection). */
  allowedOrigins: z.array(embedOrigin).default([]),
});

export const entrySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$/, {
      message: 'must look like "<org-slug>.<topic>.<name>" (lower case, digits, dashes, dots)',
    }),
    questions: z.object({ nb: z.array(nonEmpty).default([]), en: z.array(nonEmpty).default([]) }),
    answer: localizedText,
    source: sourceRef,
    tags: z.array(nonEmpty).default([]),
    /** Ids of the contact points the answer is about (optional: inferred from its contact facts). */
    contacts: z.array(nonEmpty).optional(),
  })
  .refine((e) => e.questions.nb.length + e.questions.en.length > 0, {
    message: "needs at least one question phrasing",
    path: ["questions"],
  });

const contactId = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/, {
  message: 'must look like "<org-slug>.<name>" (lower case, digits, dashes)',
});

const phoneNumber = z
  .string()
  .regex(
    /^(?:\+47 ?)?\d(?:[ ]?\d){7}$/,
    'must be a Norwegian phone number as written in the source, e.g. "71 11 11 66"',
  );

const emailAddress = z.string().regex(/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/i, "must be an e-mail address");

const contactHoursSchema = z.object({
  /** "organisation": the organisation's openingHours (what the handoff uses); else own weekly intervals. */
  weekly: z.union([z.literal("organisation"), weekly]),
  /** Required with own weekly intervals; taken from organisation.json otherwise. */
  closedOnPublicHolidays: z.boolean().optional(),
  text: localizedText,
  outside: localizedText.optional(),
});

export const contactPointSchema = z
  .object({
    id: contactId,
    kind: z.enum(CONTACT_KINDS),
    primary: z.boolean().default(false),
    name: localizedText,
    aliases: z.array(nonEmpty).default([]),
    role: localizedText.optional(),
    roleAliases: z.array(nonEmpty).default([]),
    partOf: contactId.optional(),
    handles: localizedText.optional(),
    audience: localizedText.optional(),
    phones: z
      .array(z.object({ number: phoneNumber, urgent: z.boolean().default(false), note: localizedText.optional() }))
      .default([]),
    emails: z.array(z.object({ address: emailAddress, note: localizedText.optional() })).default([]),
    web: z.array(z.object({ url: z.string().url().optional(), text: localizedText })).default([]),
    postal: z.array(nonEmpty).min(2, "needs at least two lines (recipient and post code)").optional(),
    visiting: nonEmpty.optional(),
    standby: z.object({ number: phoneNumber, text: localizedText }).optional(),
    hours: contactHoursSchema.optional(),
    source: sourceRef,
  })
  .refine(
    (c) => c.hours === undefined || c.hours.weekly === "organisation" || c.hours.closedOnPublicHolidays !== undefined,
    {
      message: "own weekly hours need closedOnPublicHolidays",
      path: ["hours", "closedOnPublicHolidays"],
    },
  );

export const entryFileSchema = z.array(z.unknown());

export type OrganisationFile = z.infer<typeof organisationSchema>;
export type EntryFile = z.infer<typeof entrySchema>;
export type ContactPointFile = z.infer<typeof contactPointSchema>;
