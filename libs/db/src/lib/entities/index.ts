import { AuditLogEntity } from './audit-log.entity';
import { IndicatorEntity } from './indicator.entity';
import { IndicatorRollupEntity, IndicatorSnapshotEntity } from './indicator-snapshot.entity';
import { IndicatorTargetEntity } from './indicator-target.entity';
import { IndicatorRecomputationEntity } from './indicator-recomputation.entity';
import { JobRequestEntity } from './job-request.entity';
import { WeeklyImportEntity, WeeklyImportIssueEntity } from './weekly-import.entity';
import { WeeklyReportEntity, WeeklyReportRevisionEntity } from './weekly-report.entity';
import { TaskExtensionRequestEntity } from './extension-request.entity';
import { OrganizationHeadcountEntity } from './headcount.entity';
import { OrganizationEntity } from './organization.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { RoadmapActionEntity } from './roadmap-action.entity';
import { RoadmapEntity } from './roadmap.entity';
import { SystemProbeEntity } from './system-probe.entity';
import { TaskEventEntity } from './task-event.entity';
import { TaskEvidenceEntity } from './task-evidence.entity';
import { TaskEntity } from './task.entity';
import { UserEntity } from './user.entity';

export * from './audit-log.entity';
export * from './extension-request.entity';
export * from './headcount.entity';
export * from './indicator.entity';
export * from './indicator-snapshot.entity';
export * from './indicator-target.entity';
export * from './indicator-recomputation.entity';
export * from './job-request.entity';
export * from './weekly-import.entity';
export * from './weekly-report.entity';
export * from './organization.entity';
export * from './refresh-token.entity';
export * from './roadmap-action.entity';
export * from './roadmap.entity';
export * from './system-probe.entity';
export * from './task-event.entity';
export * from './task-evidence.entity';
export * from './task.entity';
export * from './user.entity';

/** Every entity, listed explicitly: bundled apps cannot glob for them. */
export const ENTITIES = [
  OrganizationEntity,
  OrganizationHeadcountEntity,
  UserEntity,
  RefreshTokenEntity,
  AuditLogEntity,
  RoadmapEntity,
  RoadmapActionEntity,
  TaskEntity,
  TaskEventEntity,
  TaskEvidenceEntity,
  TaskExtensionRequestEntity,
  SystemProbeEntity,
  IndicatorEntity,
  IndicatorTargetEntity,
  WeeklyReportEntity,
  WeeklyReportRevisionEntity,
  IndicatorSnapshotEntity,
  IndicatorRollupEntity,
  IndicatorRecomputationEntity,
  WeeklyImportEntity,
  WeeklyImportIssueEntity,
  JobRequestEntity,
];
