export * from './lib/roadmaps.module';
