/** A member of staff as records name them to compliance staff: the name and e-mail, not the account id. */
export interface StaffName {
  id: string;
  name: string;
  email: string;
}

/** The port that looks accounts up by id (src/storage implements it). */
export interface StaffDirectory {
  /** The accounts among `ids` that exist (disabled ones too: records outlive them). */
  findByIds(ids: readonly string[]): Promise<StaffName[]>;
}

/**
 * Names for the actor ids of a page of records: one look-up for all of
 * them. Ids that are no account ("cli:…", "scheduler:…", a deleted account)
 * have no entry, so the page shows them as they are.
 */
export async function staffNames(
  directory: StaffDirectory,
  ids: ReadonlyArray<string | null | undefined>,
): Promise<Map<string, StaffName>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string" && id.length > 0))];
  if (wanted.length === 0) return new Map();
  return new Map((await directory.findByIds(wanted)).map((s) => [s.id, s]));
}
