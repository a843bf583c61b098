import { describe, expect, it } from '@jest/globals';
import * as audit from './audit';
import * as board from './board';
import * as core from './core';
import * as documents from './documents';
import * as leader from './leader';
import * as notices from './notices';
import * as planDrafts from './plan-drafts';
import * as rules from './rules';
import { en, zh } from './index';

const modules = { core, audit, leader, planDrafts, board, rules, documents, notices };

describe("the console's words", () => {
  it('no key is defined by two areas (the later one would hide the other)', () => {
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const [area, words] of Object.entries(modules)) {
      for (const key of Object.keys(words.zh)) {
        const first = seen.get(key);
        if (first) clashes.push(`${key}: ${first} and ${area}`);
        seen.set(key, area);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('every module is merged, and every word has its English twin, none empty', () => {
    const total = Object.values(modules).reduce((n, words) => n + Object.keys(words.zh).length, 0);
    expect(Object.keys(zh)).toHaveLength(total);
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    expect(Object.entries({ ...zh, ...en }).filter(([, text]) => text.trim() === '')).toEqual([]);
  });
});
