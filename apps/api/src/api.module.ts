import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from '@karta/api-auth';
import { SystemModule } from '@karta/api-system';
import { JobsModule } from '@karta/jobs';
import { AppConfig, ConfigModule, type Env } from '@karta/server-config';
import { DatabaseModule, pinoParams, RedisModule } from '@karta/server-core';

@Module({})
export class ApiModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(env),
        LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => pinoParams(config, 'api') }),
        DatabaseModule,
        RedisModule,
        JobsModule.forRoot(),
        AuthModule,
        SystemModule,
      ],
    };
  }
}
