export * from './audit-sink';
export * from './roadmap-file';
export * from './roadmap-import';
export * from './task-materializer';
export * from './clock';
