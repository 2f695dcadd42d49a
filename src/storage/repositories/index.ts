import type { Database } from "../database.js";
import { AgentPresenceRepository } from "./agent-presence.js";
import { AssignmentRepository } from "./assignments.js";
import { AuditRepository } from "./audit.js";
import { BotStateRepository } from "./bot-state.js";
import { CannedResponseRepository } from "./canned-responses.js";
import { type ComplianceRepositories, createComplianceRepositories } from "./compliance.js";
import { PrismaConversationStore } from "./conversation-store.js";
import { ConversationRepository } from "./conversations.js";
import { CustomerRepository } from "./customers.js";
import { FeedbackRepository } from "./feedback.js";
import { HandoffRepository } from "./handoff.js";
import { MessageRepository } from "./messages.js";
import { NoteRepository } from "./notes.js";
import { OfflineMessageRepository } from "./offline-messages.js";
import { OrganisationRepository } from "./organisations.js";
import { ReportRepository } from "./reports.js";
import { RetentionPolicyRepository } from "./retention-policies.js";
import { UserRepository } from "./users.js";

/** The repository layer: the only code that touches the Prisma client. */
export interface Repositories {
  organisations: OrganisationRepository;
  conversations: ConversationRepository;
  /** The conversation lifecycle's transactions (the core's ConversationStore port). */
  conversationStore: PrismaConversationStore;
  messages: MessageRepository;
  retentionPolicies: RetentionPolicyRepository;
  audit: AuditRepository;
  users: UserRepository;
  compliance: ComplianceRepositories;
  customers: CustomerRepository;
  botState: BotStateRepository;
  feedback: FeedbackRepository;
  offlineMessages: OfflineMessageRepository;
  handoff: HandoffRepository;
  assignments: AssignmentRepository;
  notes: NoteRepository;
  cannedResponses: CannedResponseRepository;
  agentPresence: AgentPresenceRepository;
  /** The reports' reads (the core's ReportStore port). */
  reports: ReportRepository;
}

export function createRepositories(db: Database): Repositories {
  const retentionPolicies = new RetentionPolicyRepository(db.prisma);
  return {
    organisations: new OrganisationRepository(db.prisma),
    conversations: new ConversationRepository(db.prisma, retentionPolicies, db.sql),
    conversationStore: new PrismaConversationStore(db.prisma, db.sql, retentionPolicies),
    messages: new MessageRepository(db.prisma),
    retentionPolicies,
    audit: new AuditRepository(db.prisma),
    users: new UserRepository(db.prisma),
    compliance: createComplianceRepositories(db),
    customers: new CustomerRepository(db.prisma, db.sql),
    botState: new BotStateRepository(db.prisma, db.sql),
    feedback: new FeedbackRepository(db.prisma),
    offlineMessages: new OfflineMessageRepository(db.prisma),
    handoff: new HandoffRepository(db.prisma),
    assignments: new AssignmentRepository(db.prisma),
    notes: new NoteRepository(db.prisma),
    cannedResponses: new CannedResponseRepository(db.prisma),
    agentPresence: new AgentPresenceRepository(db.prisma, db.sql),
    reports: new ReportRepository(db),
  };
}
