import type { Principal } from "../accounts/roles.js";
import type { OrganisationDirectory } from "../conversations/channel-conversation-store.js";
import { ComplianceError } from "./compliance-error.js";

/**
 * Which organisations a member of compliance staff may see and act on:
 * staff bound to one organisation get that one only (a request naming
 * another is answered as if it did not exist); staff bound to none
 * (organisation-wide compliance, admins) any they name, or all.
 */
export class ComplianceScope {
  constructor(private readonly organisations: Pick<OrganisationDirectory, "findById">) {}

  /** The organisation id the caller is limited to, or null for all (holds, subjects, exports). */
  organisationIdOf(p: Principal): string | null {
    return p.organisationId;
  }

  /**
   * The organisation slug a request may name: the caller's own when they are
   * bound to one (refusing another), else what they asked for (null: all).
   */
  async organisationFor(p: Principal, requested: string | undefined): Promise<string | null> {
    if (p.organisationId === null) return requested ?? null;
    const own = await this.slugOf(p.organisationId);
    if (requested !== undefined && requested !== own)
      throw new ComplianceError("not_found", `unknown organisation "${requested}"`);
    return own;
  }

  /** The items of `list` the caller may see, by the slug of their organisation. */
  async visible<T extends { organisation: string }>(p: Principal, list: T[]): Promise<T[]> {
    if (p.organisationId === null) return list;
    const own = await this.slugOf(p.organisationId);
    return list.filter((x) => x.organisation === own);
  }

  private async slugOf(organisationId: string): Promise<string> {
    const own = await this.organisations.findById(organisationId);
    if (!own) throw new ComplianceError("forbidden", "your organisation no longer exists");
    return own.slug;
  }
}
