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
  /** Path of the file the entry was loaded from, relative to the knowledge directory. */
  readonly file: string;
}

export interface KnowledgeBase {
  /** Absolute path the base was loaded from (or a label for in-memory bases). */
  readonly dir: string;
  readonly organisations: ReadonlyMap<string, Organisation>;
  /** All entries, ordered by organisation slug, file name and position in the file. */
  readonly entries: readonly Entry[];
  readonly entriesById: ReadonlyMap<string, Entry>;
}
