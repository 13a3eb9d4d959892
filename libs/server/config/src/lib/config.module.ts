import { type DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig } from './app-config';
import type { Env } from './env.schema';

/** Provides the one `AppConfig` instance built from an environment validated before bootstrap. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: AppConfig, useValue: new AppConfig(env) }],
      exports: [AppConfig],
    };
  }
}
