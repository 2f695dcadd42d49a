import type { Database } from "../database.js";
import { AuditRepository } from "./audit.js";
import { ConversationRepository } from "./conversations.js";
import { MessageRepository } from "./messages.js";
import { OrganisationRepository } from "./organisations.js";
import { RetentionPolicyRepository } from "./retention-policies.js";
import { UserRepository } from "./users.js";

/** The repository layer: the only code that touches the Prisma client. */
export interface Repositories {
  organisations: OrganisationRepository;
  conversations: ConversationRepository;
  messages: MessageRepository;
  retentionPolicies: RetentionPolicyRepository;
  audit: AuditRepository;
  users: UserRepository;
}

export function createRepositories(db: Database): Repositories {
  const retentionPolicies = new RetentionPolicyRepository(db.prisma);
  return {
    organisations: new OrganisationRepository(db.prisma),
    conversations: new ConversationRepository(db.prisma, retentionPolicies),
    messages: new MessageRepository(db.prisma, retentionPolicies),
    retentionPolicies,
    audit: new AuditRepository(db.prisma),
    users: new UserRepository(db.prisma),
  };
}
