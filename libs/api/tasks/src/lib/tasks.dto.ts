import { INDICATOR_STATUSES, type IndicatorStatus } from '@karta/db';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  Min,
  Validate,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { TASK_ACTIONS, TASK_STATUSES } from '@karta/domain';
import { PageDtoOf, PageQueryDto, queryBoolean } from '@karta/api-core';
import type {
  EvidenceKindCode,
  ExtensionStatusCode,
  TaskActionCode,
  TaskAssigneesRequest,
  TaskCommentRequest,
  TaskDetails,
  TaskEventItem,
  TaskEventKindCode,
  TaskEvidenceItem,
  TaskEvidenceLinkRequest,
  TaskEvidenceTextRequest,
  TaskExtensionCreateRequest,
  TaskExtensionDecisionRequest,
  TaskExtensionRequestItem,
  TaskFilterOptions,
  TaskListItem,
  TaskListQuery,
  TaskPeriodInfo,
  TaskProgressReportRequest,
  TaskSortKey,
  TaskStatusCode,
  TaskTransitionRequest,
  TaskUserRef,
} from '@karta/contracts';

export const TASK_SORT_KEYS: readonly TaskSortKey[] = ['dueAt', '-dueAt', 'organization', 'status', 'updatedAt'];
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const DATE_MESSAGE = 'Дата в формате ГГГГ-ММ-ДД';

/** Query strings carry `true`/`false`; anything else stays as is and fails `@IsBoolean`. */
/** A repeated query parameter arrives as an array, a single one as a string; `a,b` is accepted too. */
const toList = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).filter(Boolean);

@ValidatorConstraint({ name: 'httpUrl' })
class HttpUrlConstraint implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    try {
      const url = new URL(value);
      return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
    } catch {
      return false;
    }
  }
  defaultMessage(): string {
    return 'Укажите ссылку, начинающуюся с http:// или https://';
  }
}

export class TaskListQueryDto extends PageQueryDto implements TaskListQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  organizationId?: string;

  @ApiPropertyOptional({ description: 'With organizationId: include the organizations below it' })
  @IsOptional() @Transform(queryBoolean) @IsBoolean()
  includeSubtree?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  roadmapId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional() @IsUUID()
  actionId?: string;

  @ApiPropertyOptional({ enum: TASK_STATUSES, isArray: true, description: 'Repeat or comma-separate' })
  @IsOptional() @Transform(toList) @IsArray() @IsIn(TASK_STATUSES, { each: true })
  status?: TaskStatusCode[];

  @ApiPropertyOptional({ description: 'Derived: awaiting the executor and past due' })
  @IsOptional() @Transform(queryBoolean) @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ example: '2025-W36' })
  @IsOptional() @IsString() @MaxLength(20)
  periodKey?: string;

  @ApiPropertyOptional({ example: '2025-09-01' })
  @IsOptional() @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  periodFrom?: string;

  @ApiPropertyOptional({ example: '2025-09-30' })
  @IsOptional() @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  periodTo?: string;

  @ApiPropertyOptional({ description: '`me` or a user id' })
  @IsOptional() @Matches(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'me или идентификатор пользователя' })
  assignee?: string;

  @ApiPropertyOptional({ description: 'Part of the organization name' })
  @IsOptional() @IsString() @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: TASK_SORT_KEYS, default: 'dueAt' })
  @IsOptional() @IsIn(TASK_SORT_KEYS)
  sort?: TaskSortKey;
}

export class TaskPeriodDto implements TaskPeriodInfo {
  @ApiProperty({ example: '2025-W36' }) key!: string;
  @ApiProperty({ enum: ['once', 'week', 'month'] }) kind!: 'once' | 'week' | 'month';
  @ApiProperty({ example: '2025-09-01' }) start!: string;
  @ApiProperty({ example: '2025-09-07' }) end!: string;
  @ApiProperty({ example: 'неделя 36 (01.09–07.09)' }) label!: string;
}

export class TaskListItemDto implements TaskListItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty() organizationShortName!: string;
  @ApiProperty({ format: 'uuid' }) roadmapId!: string;
  @ApiProperty({ format: 'uuid' }) actionId!: string;
  @ApiProperty() actionNumber!: number;
  @ApiProperty() actionTitle!: string;
  @ApiProperty({ type: TaskPeriodDto }) period!: TaskPeriodDto;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: TASK_STATUSES }) status!: TaskStatusCode;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ enum: INDICATOR_STATUSES, nullable: true, type: String, description: 'Indicator actions: the week’s evaluation (worst of its indicators)' })
  indicatorStatus!: IndicatorStatus | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) executorId!: string | null;
  @ApiProperty({ nullable: true, type: String }) executorName!: string | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TaskPageDto extends PageDtoOf(TaskListItemDto) {}

export class TaskUserRefDto implements TaskUserRef {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() fullName!: string;
}

export class TaskEvidenceDto implements TaskEvidenceItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['file', 'link', 'text'] }) kind!: EvidenceKindCode;
  @ApiProperty() round!: number;
  @ApiProperty({ nullable: true, type: String }) fileName!: string | null;
  @ApiProperty({ nullable: true, type: String }) mimeType!: string | null;
  @ApiProperty({ nullable: true, type: Number }) sizeBytes!: number | null;
  @ApiProperty({ nullable: true, type: String }) sha256!: string | null;
  @ApiProperty({ nullable: true, type: String }) url!: string | null;
  @ApiProperty({ nullable: true, type: String }) text!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: TaskUserRefDto, nullable: true }) createdBy!: TaskUserRefDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) removedAt!: string | null;
}

export class TaskEventDto implements TaskEventItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: TaskEventKindCode;
  @ApiProperty({ type: TaskUserRefDto, nullable: true }) author!: TaskUserRefDto | null;
  @ApiProperty({ nullable: true, type: String }) body!: string | null;
  @ApiProperty({ nullable: true, type: Object }) data!: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class TaskExtensionDto implements TaskExtensionRequestItem {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['pending', 'granted', 'refused'] }) status!: ExtensionStatusCode;
  @ApiProperty() reason!: string;
  @ApiProperty({ format: 'date-time' }) requestedDueAt!: string;
  @ApiProperty({ type: TaskUserRefDto, nullable: true }) requestedBy!: TaskUserRefDto | null;
  @ApiProperty({ type: TaskUserRefDto, nullable: true }) decidedBy!: TaskUserRefDto | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) grantedDueAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) decisionComment!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

class TaskOrganizationRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() shortName!: string;
  @ApiProperty() name!: string;
  @ApiProperty() code!: string;
}

class TaskRoadmapRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
}

class TaskActionRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() title!: string;
  @ApiProperty() fullText!: string;
  @ApiProperty() resultText!: string;
  @ApiProperty() deadlineText!: string;
  @ApiProperty() responsibleText!: string;
}

class TaskPermissionsDto {
  @ApiProperty() isExecutor!: boolean;
  @ApiProperty() isReviewer!: boolean;
  @ApiProperty() canEditEvidence!: boolean;
  @ApiProperty() canAssign!: boolean;
  @ApiProperty() canComment!: boolean;
  @ApiProperty() canRequestExtension!: boolean;
  @ApiProperty() canDecideExtension!: boolean;
  @ApiProperty() canRequestProgress!: boolean;
  @ApiProperty() canReportProgress!: boolean;
}

export class TaskDetailsDto implements TaskDetails {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Send back as expectedVersion with a transition' }) version!: number;
  @ApiProperty({ enum: TASK_STATUSES }) status!: TaskStatusCode;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ enum: INDICATOR_STATUSES, nullable: true, type: String, description: 'Indicator actions: the week’s evaluation (worst of its indicators)' })
  indicatorStatus!: IndicatorStatus | null;
  @ApiProperty({ type: TaskOrganizationRefDto }) organization!: TaskOrganizationRefDto;
  @ApiProperty({ type: TaskRoadmapRefDto }) roadmap!: TaskRoadmapRefDto;
  @ApiProperty({ type: TaskActionRefDto }) action!: TaskActionRefDto;
  @ApiProperty({ type: TaskPeriodDto }) period!: TaskPeriodDto;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) originalDueAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) submittedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) acceptedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) cancelReason!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) progressRequestedAt!: string | null;
  @ApiProperty({ type: TaskUserRefDto, nullable: true }) executor!: TaskUserRefDto | null;
  @ApiProperty({ type: [TaskUserRefDto] }) coExecutors!: TaskUserRefDto[];
  @ApiProperty() currentRound!: number;
  @ApiProperty({ enum: TASK_ACTIONS, isArray: true }) allowedActions!: TaskActionCode[];
  @ApiProperty({ type: TaskPermissionsDto }) permissions!: TaskPermissionsDto;
  @ApiProperty({ type: [TaskEvidenceDto] }) evidence!: TaskEvidenceDto[];
  @ApiProperty({ type: [TaskEvidenceDto] }) evidenceHistory!: TaskEvidenceDto[];
  @ApiProperty({ type: [TaskEventDto] }) timeline!: TaskEventDto[];
  @ApiProperty({ type: TaskExtensionDto, nullable: true }) pendingExtension!: TaskExtensionDto | null;
  @ApiProperty({ type: [TaskExtensionDto] }) extensions!: TaskExtensionDto[];
}

export class TaskTransitionDto implements TaskTransitionRequest {
  @ApiProperty({ enum: TASK_ACTIONS })
  @IsIn(TASK_ACTIONS, { message: 'Неизвестное действие' })
  action!: TaskActionCode;

  @ApiPropertyOptional({ description: 'Required to return or reopen (comment) and to cancel (reason)', maxLength: 4000 })
  @IsOptional() @IsString() @MaxLength(4000)
  comment?: string;

  @ApiProperty({ description: 'The version the caller saw; a stale one answers 409' })
  @IsInt({ message: 'Укажите версию задачи' }) @Min(1)
  expectedVersion!: number;
}

export class TaskAssigneesDto implements TaskAssigneesRequest {
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  @IsOptional() @IsUUID('all', { message: 'Некорректный исполнитель' })
  executorId!: string | null;

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray() @ArrayMaxSize(20) @IsUUID('all', { each: true, message: 'Некорректный соисполнитель' })
  coExecutorIds!: string[];
}

export class TaskCommentDto implements TaskCommentRequest {
  @ApiProperty({ maxLength: 4000 })
  @IsString() @IsNotEmpty({ message: 'Введите текст' }) @MaxLength(4000)
  text!: string;
}

export class TaskProgressReportDto implements TaskProgressReportRequest {
  @ApiProperty({ maxLength: 4000 })
  @IsString() @IsNotEmpty({ message: 'Опишите ход исполнения' }) @MaxLength(4000)
  text!: string;
}

export class TaskExtensionCreateDto implements TaskExtensionCreateRequest {
  @ApiProperty({ maxLength: 4000 })
  @IsString() @IsNotEmpty({ message: 'Укажите причину' }) @MaxLength(4000)
  reason!: string;

  @ApiProperty({ example: '2025-09-30' })
  @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  requestedDueDate!: string;
}

export class TaskExtensionDecisionDto implements TaskExtensionDecisionRequest {
  @ApiProperty({ enum: ['grant', 'refuse'] })
  @IsIn(['grant', 'refuse'], { message: 'Выберите решение' })
  decision!: 'grant' | 'refuse';

  @ApiPropertyOptional({ example: '2025-09-30', description: 'Defaults to the requested date' })
  @IsOptional() @Matches(DATE_PATTERN, { message: DATE_MESSAGE })
  newDueDate?: string;

  @ApiProperty({ maxLength: 4000, description: 'Required to refuse' })
  @IsOptional() @IsString() @MaxLength(4000)
  comment!: string;
}

export class TaskEvidenceLinkDto implements TaskEvidenceLinkRequest {
  @ApiProperty({ maxLength: 2000, example: 'https://max.ru/channel/post/1' })
  @IsString() @MaxLength(2000, { message: 'Ссылка длиннее 2000 символов' }) @Validate(HttpUrlConstraint)
  url!: string;
}

export class TaskEvidenceTextDto implements TaskEvidenceTextRequest {
  @ApiProperty({ maxLength: 20000 })
  @IsString() @IsNotEmpty({ message: 'Введите текст' }) @MaxLength(20000)
  text!: string;
}

export class TaskAssignableUserDto extends TaskUserRefDto {
  @ApiProperty() role!: string;
}

class TaskFilterActionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() number!: number;
  @ApiProperty() title!: string;
}

class TaskFilterRoadmapDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [TaskFilterActionDto] }) actions!: TaskFilterActionDto[];
}

export class TaskFilterOptionsDto implements TaskFilterOptions {
  @ApiProperty({ type: [TaskFilterRoadmapDto] }) roadmaps!: TaskFilterRoadmapDto[];
}
