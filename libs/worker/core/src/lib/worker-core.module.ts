import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { GracefulShutdown } from './graceful-shutdown';
import { HealthServer } from './health-server';
import { JobSchedules } from './job-schedules';
import { WorkerConnections } from './worker-connections';

@Module({ imports: [DiscoveryModule], providers: [GracefulShutdown, HealthServer, WorkerConnections, JobSchedules] })
export class WorkerCoreModule {}
