import type { Database } from "../database.js";
import { AnalyticsRepository } from "./analytics.js";
import { DataSubjectRepository } from "./data-subject.js";
import { JobLockRepository } from "./job-locks.js";
import { LegalHoldRepository } from "./legal-holds.js";
import { LooseRecordPurgeRepository } from "./loose-record-purge.js";
import { PurgeRepository } from "./purge.js";
import { RetentionExpiryRepository } from "./retention-expiries.js";

/** The repositories behind retention and compliance (issue 7), registered as `repos.compliance`. */
export interface ComplianceRepositories {
  purge: PurgeRepository;
  looseRecords: LooseRecordPurgeRepository;
  retentionExpiries: RetentionExpiryRepository;
  legalHolds: LegalHoldRepository;
  dataSubjects: DataSubjectRepository;
  analytics: AnalyticsRepository;
  jobLocks: JobLockRepository;
}

export function createComplianceRepositories(db: Database): ComplianceRepositories {
  return {
    purge: new PurgeRepository(db),
    looseRecords: new LooseRecordPurgeRepository(db),
    retentionExpiries: new RetentionExpiryRepository(db),
    legalHolds: new LegalHoldRepository(db),
    dataSubjects: new DataSubjectRepository(db.prisma),
    analytics: new AnalyticsRepository(db.prisma),
    jobLocks: new JobLockRepository(db.prisma),
  };
}
