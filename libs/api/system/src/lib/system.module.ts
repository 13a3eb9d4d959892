import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SystemProbeEntity } from '@karta/db';
import { HealthController } from './health.controller';
import { ProbesController } from './probes.controller';
import { RedisHealthIndicator } from './redis.health';

@Module({
  imports: [TerminusModule.forRoot({ logger: false }), TypeOrmModule.forFeature([SystemProbeEntity])],
  controllers: [HealthController, ProbesController],
  providers: [RedisHealthIndicator],
})
export class SystemModule {}
