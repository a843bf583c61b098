export * from './processes';
export * from './repository-root';
export * from './temporal-dev-server';
export * from './embedded-postgres';
export * from './identity-defaults';
export * from './identity-provider';
export * from './sign-in';
export * from './mail-catcher';
