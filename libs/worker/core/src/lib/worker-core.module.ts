import { Module } from '@nestjs/common';
import { HealthServer } from './health-server';
import { JobSchedules } from './job-schedules';

@Module({ providers: [HealthServer, JobSchedules] })
export class WorkerCoreModule {}
