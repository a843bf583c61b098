export * from './processes';
export * from './repository-root';
export * from './temporal-dev-server';
export * from './embedded-postgres';
