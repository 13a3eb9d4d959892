import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type AuthUser, CurrentUser } from '@karta/api-core';
import { TaskEvidenceDto, TaskEvidenceLinkDto, TaskEvidenceTextDto } from '../tasks.dto';
import { EvidenceService } from './evidence.service';
import { contentDisposition } from './file-name';

const uuid = new ParseUUIDPipe({ version: '4' });

@ApiTags('tasks')
@ApiBearerAuth()
@ApiForbiddenResponse({ description: 'Only the task’s executor may change evidence' })
@ApiNotFoundResponse({ description: 'No such task in the caller’s scope' })
@Controller('tasks/:id/evidence')
export class EvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post('files')
  @ApiOperation({ summary: 'Upload one or more files (multipart, field name free); the type is judged by content' })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } } } })
  @ApiCreatedResponse({ type: [TaskEvidenceDto] })
  @ApiBadRequestResponse({ description: 'Empty file or no file' })
  @ApiPayloadTooLargeResponse({ description: 'A file exceeds UPLOAD_MAX_BYTES' })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not PDF/PNG/JPEG/WEBP/DOCX/XLSX/ODT/ODS, or a zip bomb' })
  @ApiConflictResponse({ description: 'The task is not being worked on' })
  uploadFiles(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Req() request: FastifyRequest): Promise<TaskEvidenceDto[]> {
    return this.evidence.uploadFiles(user, id, request);
  }

  @Post('links')
  @ApiOperation({ summary: 'Add a link (http/https), e.g. a post in the MAX channel' })
  @ApiCreatedResponse({ type: TaskEvidenceDto })
  @ApiConflictResponse({ description: 'The task is not being worked on' })
  addLink(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: TaskEvidenceLinkDto): Promise<TaskEvidenceDto> {
    return this.evidence.addLink(user, id, body.url);
  }

  @Post('texts')
  @ApiOperation({ summary: 'Add a text report' })
  @ApiCreatedResponse({ type: TaskEvidenceDto })
  @ApiConflictResponse({ description: 'The task is not being worked on' })
  addText(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() body: TaskEvidenceTextDto): Promise<TaskEvidenceDto> {
    return this.evidence.addText(user, id, body.text);
  }

  @Delete(':evidenceId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove evidence of the current round before submitting (kept in history)' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'Already submitted, or evidence of an earlier round' })
  async remove(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('evidenceId', uuid) evidenceId: string): Promise<void> {
    await this.evidence.remove(user, id, evidenceId);
  }

  @Get(':evidenceId/download')
  @ApiOperation({ summary: 'Download a file as an attachment with its detected type' })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', uuid) id: string,
    @Param('evidenceId', uuid) evidenceId: string,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const file = await this.evidence.download(user, id, evidenceId);
    await reply
      .header('content-type', file.mimeType)
      .header('content-length', String(file.sizeBytes))
      .header('content-disposition', contentDisposition(file.fileName))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(file.stream);
  }
}
