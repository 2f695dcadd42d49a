import type { Principal } from "../accounts/roles.js";
import type { Clock } from "../clock.js";
import { assertChatStaff, assertOrganisation, assertSupervisor, organisationFor } from "./access.js";
import { HandoffError } from "./errors.js";
import type { CannedResponseRecord, HandoffStores } from "./handoff-stores.js";
import type { KnowledgeSource } from "./knowledge-search.js";

export interface CannedResponseView {
  id: string;
  organisationId: string;
  title: string;
  text: string;
  language: string;
  /**
   * `knowledge`: shipped in knowledge/<slug>/canned-responses.json (read only here);
   * `console`: added by a supervisor in the console (they may change or delete it).
   */
  origin: "knowledge" | "console";
}

function view(r: CannedResponseRecord): CannedResponseView {
  return {
    id: r.id,
    organisationId: r.organisationId,
    title: r.title,
    text: r.text,
    language: r.language,
    origin: "console",
  };
}

/**
 * Canned responses: those the organisation's knowledge base ships, then those
 * supervisors added in the console. Agents read their organisation's;
 * supervisors maintain the console's.
 */
export class CannedResponses {
  constructor(
    private readonly repos: Pick<HandoffStores, "cannedResponses" | "organisations">,
    private readonly knowledge: KnowledgeSource,
    private readonly clock: Clock,
  ) {}

  async list(p: Principal, organisationId?: string | null): Promise<CannedResponseView[]> {
    assertChatStaff(p);
    const org = organisationFor(p, organisationId);
    const [row, kb, added] = await Promise.all([
      this.repos.organisations.findById(org),
      this.knowledge(),
      this.repos.cannedResponses.list(org),
    ]);
    const shipped: CannedResponseView[] = (row ? (kb.cannedResponses.get(row.slug) ?? []) : []).map((r) => ({
      id: `knowledge:${row?.slug}:${r.id}`,
      organisationId: org,
      title: r.title,
      text: r.text,
      language: r.language,
      origin: "knowledge",
    }));
    return [...shipped, ...added.map(view)];
  }

  async save(
    p: Principal,
    input: { id?: string | null; organisationId?: string | null; title: string; text: string; language: string },
  ): Promise<CannedResponseView> {
    assertSupervisor(p);
    if (input.id) {
      const existing = await this.repos.cannedResponses.findById(input.id);
      if (!existing) throw new HandoffError("not_found", "no such canned response");
      assertOrganisation(p, existing.organisationId);
      return view(
        await this.repos.cannedResponses.update(existing.id, {
          title: input.title,
          text: input.text,
          language: input.language,
        }),
      );
    }
    const org = organisationFor(p, input.organisationId);
    if (!(await this.repos.organisations.findById(org))) throw new HandoffError("not_found", "no such organisation");
    return view(
      await this.repos.cannedResponses.create({
        organisationId: org,
        title: input.title,
        text: input.text,
        language: input.language,
        now: this.clock.now(),
      }),
    );
  }

  async remove(p: Principal, id: string): Promise<void> {
    assertSupervisor(p);
    const existing = await this.repos.cannedResponses.findById(id);
    if (!existing) throw new HandoffError("not_found", "no such canned response");
    assertOrganisation(p, existing.organisationId);
    await this.repos.cannedResponses.delete(id);
  }
}
