import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuditReadModule } from '@karta/api-audit';
import { AuthStateModule } from '@karta/api-core';
import { AuthModule } from '@karta/api-auth';
import { IndicatorsModule } from '@karta/api-indicators';
import { OrganizationsModule } from '@karta/api-organizations';
import { RoadmapsModule } from '@karta/api-roadmaps';
import { TasksModule } from '@karta/api-tasks';
import { UsersModule } from '@karta/api-users';
import { SystemModule } from '@karta/api-system';
import { JobsModule } from '@karta/jobs';
import { AppConfig, ConfigModule, type Env } from '@karta/server-config';
import { AuditModule, DatabaseModule, pinoParams, RedisModule, RequestContextModule } from '@karta/server-core';

@Module({})
export class ApiModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(env),
        RequestContextModule,
        LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => pinoParams(config, 'api') }),
        DatabaseModule,
        RedisModule,
        AuditModule,
        AuthStateModule,
        JobsModule.forRoot({ runsWorkers: false }),
        AuthModule,
        SystemModule,
        OrganizationsModule,
        UsersModule,
        RoadmapsModule,
        TasksModule,
        IndicatorsModule,
        AuditReadModule,
      ],
    };
  }
}
