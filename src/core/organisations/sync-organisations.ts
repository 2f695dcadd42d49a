import type { Organisation, OrganisationRepository } from "../../storage/repositories/organisations.js";
import type { KnowledgeBase } from "../knowledge/types.js";

/** Creates or updates a database row for every organisation of the knowledge base (name in bokmål). */
export function syncOrganisations(
  knowledge: KnowledgeBase,
  organisations: OrganisationRepository,
): Promise<Organisation[]> {
  return organisations.sync(
    [...knowledge.organisations.values()].map((o) => ({
      slug: o.slug,
      name: o.name.nb,
      defaultLanguage: o.defaultLanguage,
      privacyUrl: o.privacyUrl,
    })),
  );
}
