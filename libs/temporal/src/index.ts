export * from './connection-options';
export * from './workflow-bundle';
