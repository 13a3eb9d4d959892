export * from './lib/audit';
export * from './lib/auth';
export * from './lib/errors';
export * from './lib/organizations';
export * from './lib/roadmaps';
export * from './lib/tasks';
export * from './lib/users';
export * from './lib/pagination';
