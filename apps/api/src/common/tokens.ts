/** Injection tokens for things that are not Nest classes. */
export const API_CONFIG = Symbol('API_CONFIG');
export const REPOSITORIES = Symbol('REPOSITORIES');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
