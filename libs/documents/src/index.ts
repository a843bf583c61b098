export * from './official-docx';
