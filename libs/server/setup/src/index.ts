export * from './lib/create-admin';
export * from './lib/demo-data';
export * from './lib/roadmaps';
