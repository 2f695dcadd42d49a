import type { Prisma } from "../database.js";
import type { CannedResponse } from "../generated/sqlite/client.js";

export type { CannedResponse };

/** Ready-made answers agents insert into a chat, per organisation and language. */
export class CannedResponseRepository {
  constructor(private readonly prisma: Prisma) {}

  list(organisationId: string): Promise<CannedResponse[]> {
    return this.prisma.cannedResponse.findMany({
      where: { organisationId },
      orderBy: [{ language: "asc" }, { title: "asc" }],
    });
  }

  findById(id: string): Promise<CannedResponse | null> {
    return this.prisma.cannedResponse.findUnique({ where: { id } });
  }

  create(input: { organisationId: string; title: string; text: string; language: string; now: Date }) {
    return this.prisma.cannedResponse.create({
      data: {
        organisationId: input.organisationId,
        title: input.title,
        text: input.text,
        language: input.language,
        createdAt: input.now,
      },
    });
  }

  update(id: string, patch: { title: string; text: string; language: string }): Promise<CannedResponse> {
    return this.prisma.cannedResponse.update({ where: { id }, data: patch });
  }

  async delete(id: string): Promise<boolean> {
    const r = await this.prisma.cannedResponse.deleteMany({ where: { id } });
    return r.count > 0;
  }
}
