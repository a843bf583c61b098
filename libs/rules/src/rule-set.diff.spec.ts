import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffRuleSetVersions, diffValues } from './rule-set.diff';
import { defaultRulesDirectory } from './rule-set.registry';

const read = (file: string): unknown => JSON.parse(readFileSync(join(defaultRulesDirectory(), file), 'utf8'));
const escalation = read('escalation/escalation.v1.rules.json') as { rules: { name: string; conditions: { all: { value: unknown }[] } }[] };
const golden = read('escalation/escalation.v1.golden.json') as { name: string; expected: unknown }[];

describe('diffRuleSetVersions', () => {
  it('finds nothing between a version and its copy under another version number', () => {
    const diff = diffRuleSetVersions({
      ruleSetId: 'escalation',
      from: { version: '1.0.0', ruleFile: escalation, goldenCases: golden },
      to: { version: '1.1.0', ruleFile: { ...escalation, version: '1.1.0' }, goldenCases: golden },
    });
    expect(diff).toEqual({ ruleSetId: 'escalation', from: '1.0.0', to: '1.1.0', fields: [], rules: [], goldenCases: [] });
  });

  it('names a changed threshold by rule, with the field path and old and new values', () => {
    const changed = structuredClone(escalation);
    const supervision = changed.rules.find((rule) => rule.name === 'overdue: supervision');
    if (!supervision?.conditions.all[1]) throw new Error('fixture changed');
    supervision.conditions.all[1].value = 2;
    const diff = diffRuleSetVersions({
      ruleSetId: 'escalation',
      from: { version: '1.0.0', ruleFile: escalation, goldenCases: golden },
      to: { version: '1.1.0', ruleFile: changed, goldenCases: golden },
    });
    expect(diff.rules).toEqual([
      { name: 'overdue: supervision', change: 'changed', fields: [{ path: 'conditions.all.1.value', old: 1, new: 2 }] },
    ]);
    expect(diff.fields).toEqual([]);
  });

  it('says which rules and golden cases were added or removed, and changes of parameters', () => {
    const changed = structuredClone(escalation) as typeof escalation & { parameters: { recipientLabels: { unit: string } } };
    const removed = changed.rules.shift();
    changed.rules.push({ ...(removed as (typeof changed.rules)[number]), name: 'overdue: reminder (renamed)' });
    changed.parameters.recipientLabels.unit = '责任单位（主办）';
    const cases = [...golden.slice(1), { ...golden[0], name: 'a new case' }];
    const diff = diffRuleSetVersions({
      ruleSetId: 'escalation',
      from: { version: '1.0.0', ruleFile: escalation, goldenCases: golden },
      to: { version: '1.1.0', ruleFile: changed, goldenCases: cases },
    });
    expect(diff.rules.map(({ name, change }) => ({ name, change }))).toEqual([
      { name: 'overdue: reminder (renamed)', change: 'added' },
      { name: 'overdue: reminder', change: 'removed' },
    ]);
    expect(diff.goldenCases.map(({ name, change }) => ({ name, change }))).toEqual([
      { name: 'a new case', change: 'added' },
      { name: golden[0]?.name, change: 'removed' },
    ]);
    expect(diff.fields).toEqual([{ path: 'parameters.recipientLabels.unit', old: '责任单位', new: '责任单位（主办）' }]);
  });
});

describe('diffValues', () => {
  it('walks objects by key and arrays by index; a missing side has no old or new', () => {
    expect(diffValues({ a: [1, 2], b: 'x' }, { a: [1, 3, 4], c: true }, '')).toEqual([
      { path: 'a.1', old: 2, new: 3 },
      { path: 'a.2', new: 4 },
      { path: 'b', old: 'x' },
      { path: 'c', new: true },
    ]);
  });
});
