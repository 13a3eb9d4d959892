export * from './lib/access-control';
export * from './lib/access.decorators';
export * from './lib/api-exception.filter';
export * from './lib/create-http-app';
export * from './lib/field-conflict';
export * from './lib/validation';
export * from './lib/page-query.dto';
export * from './lib/page.dto';
