export * from './lib/data-source-options';
export * from './lib/entities';
export * from './lib/migrator';
export { MIGRATIONS } from './migrations';
