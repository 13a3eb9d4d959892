export * from './indicator-weeks';
