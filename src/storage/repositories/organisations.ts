import type { Prisma } from "../database.js";
import type { Organisation } from "../generated/sqlite/client.js";

export type { Organisation };

export interface OrganisationInput {
  slug: string;
  name: string;
  defaultLanguage: string;
  privacyUrl: string | null;
}

export class OrganisationRepository {
  private bySlug = new Map<string, Organisation>();

  constructor(private readonly prisma: Prisma) {}

  /** Creates or updates the organisations the knowledge base describes. */
  async sync(orgs: OrganisationInput[]): Promise<Organisation[]> {
    const out: Organisation[] = [];
    for (const o of orgs) {
      const row = await this.prisma.organisation.upsert({
        where: { slug: o.slug },
        create: o,
        update: { name: o.name, defaultLanguage: o.defaultLanguage, privacyUrl: o.privacyUrl },
      });
      this.bySlug.set(row.slug, row);
      out.push(row);
    }
    return out;
  }

  async findBySlug(slug: string): Promise<Organisation | null> {
    const cached = this.bySlug.get(slug);
    if (cached) return cached;
    const row = await this.prisma.organisation.findUnique({ where: { slug } });
    if (row) this.bySlug.set(slug, row);
    return row;
  }

  async findById(id: string): Promise<Organisation | null> {
    for (const o of this.bySlug.values()) if (o.id === id) return o;
    return this.prisma.organisation.findUnique({ where: { id } });
  }

  async list(): Promise<Organisation[]> {
    return this.prisma.organisation.findMany({ orderBy: { slug: "asc" } });
  }
}
