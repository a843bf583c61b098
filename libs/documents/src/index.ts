export * from './official-docx';
export * from './supervision-notice-file';
