export * from './apply';
export * from './cells';
export * from './errors';
export * from './layout';
export * from './read';
export * from './store';
export * from './template';
export * from './run';
