import type { ShippedCannedResponse } from "./canned-responses.js";

/** Languages the knowledge base and the answering engine speak. */
export const LANGUAGES = ["nb", "en"] as const;
export type Lang = (typeof LANGUAGES)[number];

/** One text per supported language. */
export type LocalizedText = Readonly<Record<Lang, string>>;

/** Where a piece of knowledge comes from: a seed document and a section of it. */
export interface SourceRef {
  readonly file: string;
  readonly section: string;
}

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Local wall-clock time "HH:MM" (00:00–23:59; "24:00" is allowed as the end of an interval). */
export type TimeOfDay = string;

/** A half-open interval [start, end) of local time on one weekday; start < end is guaranteed by the loader. */
export type OpeningInterval = readonly [start: TimeOfDay, end: TimeOfDay];

/** Machine-readable staffed hours of an organisation's customer service, in `Organisation.timezone`. */
export interface OpeningHours {
  readonly summary: LocalizedText;
  /** Intervals per weekday, sorted and non-overlapping; an empty list means closed all day. */
  readonly weekly: Readonly<Record<Weekday, readonly OpeningInterval[]>>;
  readonly closedOnPublicHolidays: boolean;
  readonly source: SourceRef;
}

export interface Organisation {
  /** Folder name under knowledge/, e.g. "ror-ikt". */
  readonly slug: string;
  readonly name: LocalizedText;
  /** Names a customer may use for the organisation (lower-case match, folded for æøå by the engine). */
  readonly aliases: readonly string[];
  readonly defaultLanguage: Lang;
  readonly privacyUrl: string | null;
  /** IANA time zone, e.g. "Europe/Oslo". */
  readonly timezone: string;
  readonly openingHours: OpeningHours;
  readonly openingHoursNote?: string;
  /**
   * Origins (https://www.example.no) of the sites allowed to embed the
   * widget; a /widget connection from a browser on any other site is refused.
   */
  readonly allowedOrigins: readonly string[];
}

export interface Entry {
  /** Globally unique id, prefixed with the organisation slug: "<slug>.<topic>.<name>". */
  readonly id: string;
  /** Slug of the organisation (the folder the entry lives in). */
  readonly organisation: string;
  readonly questions: Readonly<Record<Lang, readonly string[]>>;
  readonly answer: LocalizedText;
  readonly source: SourceRef;
  readonly tags: readonly string[];
  /**
   * Contact points (ids of {@link ContactPoint}s of the same organisation) the entry's answer is
   * about: declared in the file, or else every contact point whose phone, e-mail, web address or
   * postal address the answer gives. The loader checks that the answer's contact facts belong to them.
   */
  readonly contacts: readonly string[];
  /** Path of the file the entry was loaded from, relative to the knowledge directory. */
  readonly file: string;
}

export const CONTACT_KINDS = ["service-desk", "company", "team", "person", "unit", "mailbox", "channel"] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** A phone line of a contact point, written as the source writes it ("71 11 11 66", "+47 66 77 99 00"). */
export interface ContactPhone {
  readonly number: string;
  /** Meant for urgent matters ("hvis det haster"). */
  readonly urgent: boolean;
  /** When to use it, in the customer's words ("hvis det haster"); absent for an ordinary line. */
  readonly note?: LocalizedText;
}

export interface ContactEmail {
  readonly address: string;
  readonly note?: LocalizedText;
}

/** A web channel: an address when the source gives one, and how the source describes it. */
export interface ContactWeb {
  readonly url?: string;
  readonly text: LocalizedText;
}

/** An on-call (standby) line outside opening hours, and who may use it. */
export interface ContactStandby {
  readonly number: string;
  readonly text: LocalizedText;
}

/** When a contact point is staffed: machine-readable intervals plus the source's own statement. */
export interface ContactHours {
  /** True when these are the organisation's own hours (organisation.json), which the handoff uses too. */
  readonly fromOrganisation: boolean;
  readonly weekly: Readonly<Record<Weekday, readonly OpeningInterval[]>>;
  readonly closedOnPublicHolidays: boolean;
  /** The hours as the source states them ("Kundeservice er bemannet mellom kl. 0800 og 1530 alle arbeidsdager."). */
  readonly text: LocalizedText;
  /** What to do outside these hours, when the source says. */
  readonly outside?: LocalizedText;
}

/**
 * A service desk, team, named person or mailbox of an organisation, with the facts a customer
 * asks for (`knowledge/<org>/contacts.json`). Answers about who to contact, which number or address
 * and when are composed from these records, and every contact fact in a free-text entry must
 * belong to one of them.
 */
export interface ContactPoint {
  /** "<org-slug>.<name>", unique across the base. */
  readonly id: string;
  readonly organisation: string;
  readonly kind: ContactKind;
  /** The organisation's main contact point: the "you" of its chat ("når har dere åpent?"). */
  readonly primary: boolean;
  readonly name: LocalizedText;
  /** Other names customers use for it (matched as whole words after folding). */
  readonly aliases: readonly string[];
  /** For people: their role ("Kundeansvarlig, hovedansvarlig for bankavtalen"). */
  readonly role?: LocalizedText;
  /** Phrasings of the role that identify this contact point in a question ("leder av kundeteamet"). */
  readonly roleAliases: readonly string[];
  /** The team or unit it belongs to (a contact point id of the same organisation). */
  readonly partOf?: string;
  /** What it handles. */
  readonly handles?: LocalizedText;
  /** Who may contact it (and who may not). */
  readonly audience?: LocalizedText;
  readonly phones: readonly ContactPhone[];
  readonly emails: readonly ContactEmail[];
  readonly web: readonly ContactWeb[];
  /** Postal address, one line per element. */
  readonly postal?: readonly string[];
  /** Visiting (street) address. */
  readonly visiting?: string;
  readonly standby?: ContactStandby;
  readonly hours?: ContactHours;
  readonly source: SourceRef;
  /** Path of contacts.json relative to the knowledge directory. */
  readonly file: string;
}

export interface KnowledgeBase {
  /** Absolute path the base was loaded from (or a label for in-memory bases). */
  readonly dir: string;
  readonly organisations: ReadonlyMap<string, Organisation>;
  /** All entries, ordered by organisation slug, file name and position in the file. */
  readonly entries: readonly Entry[];
  readonly entriesById: ReadonlyMap<string, Entry>;
  /** Every contact point, ordered by organisation slug and position in its contacts.json. */
  readonly contacts: readonly ContactPoint[];
  readonly contactsById: ReadonlyMap<string, ContactPoint>;
  /** Ready-made agent answers per organisation slug (`knowledge/<slug>/canned-responses.json`). */
  readonly cannedResponses: ReadonlyMap<string, readonly ShippedCannedResponse[]>;
}
