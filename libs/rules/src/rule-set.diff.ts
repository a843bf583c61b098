import type { NamedItemChange, RuleSetDiff, ValueChange } from '@plancycle/contracts';

/**
 * What changed between two versions of a rule set, on their JSON: per rule (matched by
 * name) added, removed or changed, and for a changed one each differing field with its
 * dotted path (as field issues write it: `conditions.all.1.value`) and old and new value.
 * The same for golden cases (by name) and for the file's other fields (description,
 * parameters). A renamed rule reads as one removed and one added.
 */
export function diffRuleSetVersions(params: {
  ruleSetId: string;
  from: { version: string; ruleFile: unknown; goldenCases: unknown };
  to: { version: string; ruleFile: unknown; goldenCases: unknown };
}): RuleSetDiff {
  const fromFile = asRecord(params.from.ruleFile);
  const toFile = asRecord(params.to.ruleFile);
  const { rules: fromRules, id: _fromId, version: _fromVersion, ...fromRest } = fromFile;
  const { rules: toRules, id: _toId, version: _toVersion, ...toRest } = toFile;
  return {
    ruleSetId: params.ruleSetId,
    from: params.from.version,
    to: params.to.version,
    fields: diffValues(fromRest, toRest, ''),
    rules: diffNamedLists(fromRules, toRules),
    goldenCases: diffNamedLists(params.from.goldenCases, params.to.goldenCases),
  };
}

function asRecord(value: unknown): Record<string, unknown> {
  return isPlainObject(value) ? value : {};
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const join = (base: string, key: string | number) => (base === '' ? String(key) : `${base}.${key}`);

/** Every leaf that differs between two JSON values; objects by key, arrays by index. */
export function diffValues(before: unknown, after: unknown, path: string): ValueChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diffValues(before[key], after[key], join(path, key)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, index) => diffValues(before[index], after[index], join(path, index))).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [
    {
      path: path === '' ? '(root)' : path,
      ...(before === undefined ? {} : { old: before }),
      ...(after === undefined ? {} : { new: after }),
    },
  ];
}

function named(list: unknown): Map<string, Record<string, unknown>> {
  const items = new Map<string, Record<string, unknown>>();
  if (!Array.isArray(list)) return items;
  list.forEach((item, index) => {
    if (!isPlainObject(item)) return;
    const name = typeof item['name'] === 'string' ? item['name'] : `#${index}`;
    items.set(name, item);
  });
  return items;
}

/** Items matched by name, in the order of the newer list, then the removed ones. */
function diffNamedLists(before: unknown, after: unknown): NamedItemChange[] {
  const old = named(before);
  const now = named(after);
  const changes: NamedItemChange[] = [];
  for (const [name, item] of now) {
    const previous = old.get(name);
    if (previous === undefined) {
      changes.push({ name, change: 'added', fields: diffValues(undefined, item, '') });
      continue;
    }
    const fields = diffValues(previous, item, '');
    if (fields.length > 0) changes.push({ name, change: 'changed', fields });
  }
  for (const [name, item] of old) {
    if (!now.has(name)) changes.push({ name, change: 'removed', fields: diffValues(item, undefined, '') });
  }
  return changes;
}
