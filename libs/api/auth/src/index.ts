export * from './lib/auth.module';
export * from './lib/refresh-cookie';
