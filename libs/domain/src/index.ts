export * from './reporting-calendar';
export * from './decomposition';
export * from './number-format';
export * from './year-end-evaluation';
export * from './evaluation-figures';
export * from './assignment-progress';
export * from './cycle-lifecycle';
