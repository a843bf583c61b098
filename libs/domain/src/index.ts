export * from './reporting-calendar';
export * from './decomposition';
export * from './number-format';
export * from './year-end-evaluation';
export * from './past-calendar';
export * from './evaluation-views';
