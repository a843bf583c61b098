/** Injection tokens for things that are not Nest classes. */
export const API_CONFIG = Symbol('API_CONFIG');
export const REPOSITORIES = Symbol('REPOSITORIES');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
/** The rule sets shipped under rules/, stored in the rule-set store when first needed. */
export const SHIPPED_RULE_SETS = Symbol('SHIPPED_RULE_SETS');
