import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { GracefulShutdown } from './graceful-shutdown';
import { HealthServer } from './health-server';
import { JobSchedules } from './job-schedules';

@Module({ imports: [DiscoveryModule], providers: [GracefulShutdown, HealthServer, JobSchedules] })
export class WorkerCoreModule {}
