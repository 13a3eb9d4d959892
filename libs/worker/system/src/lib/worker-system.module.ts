import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SystemProbeEntity } from '@karta/db';
import { SystemProcessor } from './system.processor';

@Module({
  imports: [TypeOrmModule.forFeature([SystemProbeEntity])],
  providers: [SystemProcessor],
})
export class WorkerSystemModule {}
