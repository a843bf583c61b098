import { describe, expect, it } from '@jest/globals';
import { zh } from '../../messages';
import { issueAnchor, reasonText } from './import-notes';

/** The console's translation, enough for these words: `{name}` filled from the values. */
const t = (key: keyof typeof zh, values: Record<string, string | number> = {}): string =>
  zh[key].replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));

const draft = {
  tasks: [
    { number: '1', title: '建设创新平台', targets: [{ text: '新增省级平台3家以上' }] },
    { number: '2', title: '培育科技企业', targets: [{ text: '高新技术企业达到xx家' }] },
  ],
};

describe('import notes in the reader’s words', () => {
  it('translates by code and params, whatever the English reason says', () => {
    const issue = { code: 'no_responsible_unit', params: { number: '1', title: '建设创新平台' }, reason: 'reworded later' };
    expect(reasonText(issue, t)).toBe('任务 1“建设创新平台”：没有找到责任单位');
    expect(reasonText({ code: 'row_cells_aligned', params: { cells: 3, header: 5 }, reason: '' }, t)).toBe(
      '表格行有 3 格，表头 5 格：已按内容对齐，请核对',
    );
  });

  it('reads notes stored before codes by the fixed phrase of their reason, else shows the reason', () => {
    expect(reasonText({ reason: 'table row has 7 cells, the header 5: extra cells joined to the last one' }, t)).toBe(
      '表格行有 7 格，表头 5 格：多出的格并入最后一格，请核对',
    );
    expect(reasonText({ code: 'some_later_code', params: {}, reason: 'something new' }, t)).toBe('something new');
  });

  it('anchors an issue at its task or target, by params or by the old reason', () => {
    expect(issueAnchor({ code: 'no_responsible_unit', params: { number: '1', title: '建设创新平台' }, reason: '' }, draft)).toEqual({
      task: 0,
      target: null,
    });
    expect(issueAnchor({ reason: 'task 1 "建设创新平台": no responsible unit found' }, draft)).toEqual({ task: 0, target: null });
    expect(issueAnchor({ code: 'masked_number', params: { text: '企业达到xx家' }, reason: '' }, draft)).toEqual({ task: 1, target: 0 });
    expect(issueAnchor({ code: 'no_tasks', params: {}, reason: 'no tasks found' }, draft)).toBeNull();
  });
});
