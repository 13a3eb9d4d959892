export * from './compute-weeks';
export * from './indicator-weeks';
export * from './recomputation';
