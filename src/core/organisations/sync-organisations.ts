import type { OrganisationRecord } from "../handoff/handoff-stores.js";
import type { KnowledgeBase } from "../knowledge/types.js";

/** Where organisations are stored (src/storage's OrganisationRepository): created or updated by slug. */
export interface OrganisationSync<O extends OrganisationRecord = OrganisationRecord> {
  sync(
    organisations: Array<{ slug: string; name: string; defaultLanguage: string; privacyUrl: string | null }>,
  ): Promise<O[]>;
}

/** Creates or updates a database row for every organisation of the knowledge base (name in bokmål). */
export function syncOrganisations<O extends OrganisationRecord>(
  knowledge: KnowledgeBase,
  organisations: OrganisationSync<O>,
): Promise<O[]> {
  return organisations.sync(
    [...knowledge.organisations.values()].map((o) => ({
      slug: o.slug,
      name: o.name.nb,
      defaultLanguage: o.defaultLanguage,
      privacyUrl: o.privacyUrl,
    })),
  );
}
