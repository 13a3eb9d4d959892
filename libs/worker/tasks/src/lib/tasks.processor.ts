import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import { JobName, type JobPayloads, QueueName } from '@karta/jobs';
import type { MaterializeResult } from '@karta/server-setup';
import { TaskMaterializationService } from './task-materialization.service';

@Processor(QueueName.Tasks)
export class TasksProcessor extends WorkerHost {
  private readonly logger = new Logger(TasksProcessor.name);

  constructor(private readonly materialization: TaskMaterializationService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.TasksMaterialize:
        return this.materialize(job.data as JobPayloads[JobName.TasksMaterialize]);
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QueueName.Tasks}`);
    }
  }

  private async materialize({ roadmapId }: JobPayloads[JobName.TasksMaterialize]): Promise<MaterializeResult> {
    const result = await this.materialization.materialize(roadmapId);
    if (result.invalidSchedules.length) this.logger.warn({ actionIds: result.invalidSchedules }, 'Actions with invalid schedules skipped');
    this.logger.log({ roadmapId, created: result.created, cancelled: result.cancelled, rescheduled: result.rescheduled }, 'Tasks materialized');
    return result;
  }
}
