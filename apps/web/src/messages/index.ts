import * as audit from './audit';
import * as board from './board';
import * as core from './core';
import * as documents from './documents';
import * as leader from './leader';
import * as notices from './notices';
import * as planDrafts from './plan-drafts';
import * as rules from './rules';

/**
 * The console's words, one module per area of the console (each a Chinese dictionary and
 * its English twin with the same keys, checked by the compiler). A new area adds a module
 * here; keys must not repeat across modules (messages.spec.ts checks).
 */
export const zh = { ...core.zh, ...audit.zh, ...leader.zh, ...planDrafts.zh, ...board.zh, ...rules.zh, ...documents.zh, ...notices.zh };
export const en: Record<keyof typeof zh, string> = {
  ...core.en,
  ...audit.en,
  ...leader.en,
  ...planDrafts.en,
  ...board.en,
  ...rules.en,
  ...documents.en,
  ...notices.en,
};
