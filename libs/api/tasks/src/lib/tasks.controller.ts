import { Body, Controller, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { type AuthUser, CurrentUser } from '@karta/api-core';
import {
  TaskAssignableUserDto,
  TaskAssigneesDto,
  TaskCommentDto,
  TaskDetailsDto,
  TaskExtensionCreateDto,
  TaskExtensionDecisionDto,
  TaskFilterOptionsDto,
  TaskListQueryDto,
  TaskPageDto,
  TaskProgressReportDto,
  TaskTransitionDto,
} from './tasks.dto';
import { TasksService } from './tasks.service';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('tasks')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'The role may not do this' })
@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'Tasks in the caller’s scope, filtered, sorted and paginated' })
  @ApiOkResponse({ type: TaskPageDto })
  @ApiBadRequestResponse({ description: 'Invalid filter' })
  list(@CurrentUser() user: AuthUser, @Query() query: TaskListQueryDto): Promise<TaskPageDto> {
    return this.tasks.list(user, query);
  }

  @Get('mine')
  @ApiOperation({ summary: 'Tasks of the caller’s organization assigned to them or to nobody' })
  @ApiOkResponse({ type: TaskPageDto })
  mine(@CurrentUser() user: AuthUser, @Query() query: TaskListQueryDto): Promise<TaskPageDto> {
    return this.tasks.list(user, query, { mine: true });
  }

  @Get('filter-options')
  @ApiOperation({ summary: 'Roadmaps and actions for the list filters' })
  @ApiOkResponse({ type: TaskFilterOptionsDto })
  filterOptions(@CurrentUser() user: AuthUser): Promise<TaskFilterOptionsDto> {
    return this.tasks.filterOptions(user);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A task with its action, evidence, timeline and what the caller may do' })
  @ApiOkResponse({ type: TaskDetailsDto })
  @ApiNotFoundResponse({ description: 'No such task in the caller’s scope' })
  details(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<TaskDetailsDto> {
    return this.tasks.details(user, id);
  }

  @Post(':id/transitions')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start, submit, accept, return, cancel or reopen' })
  @ApiOkResponse({ type: TaskDetailsDto })
  @ApiBadRequestResponse({ description: 'Comment/reason missing, or no evidence to submit' })
  @ApiNotFoundResponse({ description: 'No such task in the caller’s scope' })
  @ApiConflictResponse({ description: 'Not possible in this status, or the task was changed by someone else (stale expectedVersion)' })
  transition(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: TaskTransitionDto): Promise<TaskDetailsDto> {
    return this.tasks.transition(user, id, body);
  }

  @Get(':id/assignable-users')
  @ApiOperation({ summary: 'Active users of the task’s organization (for the assignment form)' })
  @ApiOkResponse({ type: [TaskAssignableUserDto] })
  @ApiNotFoundResponse({ description: 'No such task in the caller’s scope' })
  assignableUsers(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<TaskAssignableUserDto[]> {
    return this.tasks.assignableUsers(user, id);
  }

  @Put(':id/assignees')
  @ApiOperation({ summary: 'Set the executor and co-executors (users of the task’s organization)' })
  @ApiOkResponse({ type: TaskDetailsDto })
  @ApiBadRequestResponse({ description: 'A user outside the task’s organization' })
  @ApiNotFoundResponse({ description: 'No such task in the caller’s scope' })
  assign(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: TaskAssigneesDto): Promise<TaskDetailsDto> {
    return this.tasks.assign(user, id, body);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Add a comment to the timeline' })
  @ApiOkResponse({ type: TaskDetailsDto })
  @ApiNotFoundResponse({ description: 'No such task in the caller’s scope' })
  comment(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: TaskCommentDto): Promise<TaskDetailsDto> {
    return this.tasks.comment(user, id, body.text);
  }

  @Post(':id/progress-requests')
  @ApiOperation({ summary: 'Reviewer asks the executor how the work is going' })
  @ApiOkResponse({ type: TaskDetailsDto })
  @ApiNotFoundResponse({ description: 'No such task in the caller’s scope' })
  @ApiConflictResponse({ description: 'The task is no longer being worked on' })
  requestProgress(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<TaskDetailsDto> {
    return this.tasks.requestProgress(user, id);
  }

  @Post(':id/progress-reports')
  @ApiOperation({ summary: 'Executor reports progress (answers a progress request)' })
  @ApiOkResponse({ type: TaskDetailsDto })
  @ApiNotFoundResponse({ description: 'No such task in the caller’s scope' })
  reportProgress(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: TaskProgressReportDto): Promise<TaskDetailsDto> {
    return this.tasks.reportProgress(user, id, body.text);
  }

  @Post(':id/extension-requests')
  @ApiOperation({ summary: 'Executor asks for a later deadline (one pending request at a time)' })
  @ApiOkResponse({ type: TaskDetailsDto })
  @ApiBadRequestResponse({ description: 'Date not later than the current deadline' })
  @ApiNotFoundResponse({ description: 'No such task in the caller’s scope' })
  @ApiConflictResponse({ description: 'A request is already pending' })
  requestExtension(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: TaskExtensionCreateDto): Promise<TaskDetailsDto> {
    return this.tasks.requestExtension(user, id, body);
  }

  @Post(':id/extension-requests/:requestId/decision')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Reviewer grants (deadline moves to 23:59 Moscow of the date) or refuses with a reason' })
  @ApiOkResponse({ type: TaskDetailsDto })
  @ApiBadRequestResponse({ description: 'Reason missing or date not later' })
  @ApiNotFoundResponse({ description: 'No such task or request in the caller’s scope' })
  @ApiConflictResponse({ description: 'Already decided' })
  decideExtension(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('requestId', uuid) requestId: string,
    @Body() body: TaskExtensionDecisionDto,
  ): Promise<TaskDetailsDto> {
    return this.tasks.decideExtension(user, id, requestId, body);
  }
}
