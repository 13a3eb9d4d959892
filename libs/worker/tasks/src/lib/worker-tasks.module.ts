import { Module } from '@nestjs/common';
import { Clock, SystemClock } from '@karta/server-setup';
import { TaskMaterializationService } from './task-materialization.service';
import { TasksProcessor } from './tasks.processor';

@Module({
  providers: [{ provide: Clock, useClass: SystemClock }, TaskMaterializationService, TasksProcessor],
  exports: [TaskMaterializationService],
})
export class WorkerTasksModule {}
