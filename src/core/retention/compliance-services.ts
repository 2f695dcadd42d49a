import type { StaffDirectory } from "../accounts/staff-names.js";
import type { Clock } from "../clock.js";
import type { AuditLog, OrganisationRecord } from "../handoff/handoff-stores.js";
import { AnalyticsExporter } from "./analytics-export.js";
import type { AnalyticsStore } from "./analytics-store.js";
import { ComplianceLog, type ComplianceLogStores } from "./compliance-log.js";
import { DataSubjectService } from "./data-subject/data-subject-service.js";
import type { DataSubjectStore } from "./data-subject/data-subject-store.js";
import type { JobLockStore } from "./job-lock.js";
import { LegalHoldService } from "./legal-hold-service.js";
import type { LegalHoldStore } from "./legal-hold-store.js";
import { RetentionPolicyService } from "./policy-service.js";
import { PurgeRunner } from "./purge-runner.js";
import type { LooseRecordStore, PurgeStore } from "./purge-store.js";
import type { PurgeSite, PurgeTuning } from "./purge-tuning.js";
import type { RetentionExpiryStore, RetentionPolicyStore } from "./retention-stores.js";

/** Every store the retention and compliance services use, in core types (the server passes its repositories). */
export interface ComplianceStores {
  retentionPolicies: RetentionPolicyStore;
  organisations: {
    list(): Promise<OrganisationRecord[]>;
    findBySlug(slug: string): Promise<OrganisationRecord | null>;
    findById(id: string): Promise<OrganisationRecord | null>;
  };
  audit: AuditLog & ComplianceLogStores["audit"];
  users: StaffDirectory;
  compliance: {
    retentionExpiries: RetentionExpiryStore;
    purge: PurgeStore & ComplianceLogStores["runs"];
    looseRecords: LooseRecordStore;
    legalHolds: LegalHoldStore;
    dataSubjects: DataSubjectStore;
    analytics: AnalyticsStore;
    jobLocks: JobLockStore;
  };
}

/** The retention and compliance services, built the same way by the server and the CLI. */
export interface ComplianceServices {
  policies: RetentionPolicyService;
  purge: PurgeRunner;
  holds: LegalHoldService;
  subjects: DataSubjectService;
  analytics: AnalyticsExporter;
  log: ComplianceLog;
}

/**
 * `purgeSite` says where purges started through these services run (the
 * server or a CLI process), which sets how they make way for live chat;
 * `tuning` overrides single settings (tests and the benchmark).
 */
export function createComplianceServices(
  repos: ComplianceStores,
  clock: Clock,
  purgeSite: PurgeSite,
  tuning: Partial<PurgeTuning> = {},
): ComplianceServices {
  const c = repos.compliance;
  return {
    policies: new RetentionPolicyService(
      {
        policies: repos.retentionPolicies,
        organisations: repos.organisations,
        expiries: c.retentionExpiries,
        audit: repos.audit,
      },
      clock,
    ),
    purge: new PurgeRunner(
      {
        purge: c.purge,
        looseRecords: c.looseRecords,
        organisations: repos.organisations,
        policies: repos.retentionPolicies,
        audit: repos.audit,
        jobLocks: c.jobLocks,
      },
      clock,
      purgeSite,
      tuning,
    ),
    holds: new LegalHoldService(c.legalHolds, repos.audit, clock, repos.users),
    subjects: new DataSubjectService(
      {
        subjects: c.dataSubjects,
        purge: c.purge,
        holds: c.legalHolds,
        organisations: repos.organisations,
        audit: repos.audit,
      },
      clock,
    ),
    analytics: new AnalyticsExporter(c.analytics, repos.organisations, repos.audit, clock),
    log: new ComplianceLog({
      runs: c.purge,
      audit: repos.audit,
      organisations: repos.organisations,
      staff: repos.users,
    }),
  };
}
