import { findResponsibilityGroups, readResponsibility } from './responsibility.reader';
import { TextBlock } from './text-block';
import { UnitNames } from './unit-names';

const read = (text: string, options: { firstIsLead?: boolean; cell?: boolean } = {}) =>
  readResponsibility(TextBlock.fromLine(text, 1), new UnitNames(), {
    firstIsLead: options.firstIsLead ?? false,
    cell: options.cell ?? false,
  });

describe('readResponsibility', () => {
  it.each([
    ['市科工局牵头,市财政局等按职能分工负责', ['市科工局'], ['市财政局'], null],
    ['市科工局、市金融事务中心按职能分工负责', ['市科工局', '市金融事务中心'], [], null],
    ['市委组织部人才办牵头,市人社局、市教育局、市卫健局等按职能分工负责', ['市委组织部人才办'], ['市人社局', '市教育局', '市卫健局'], null],
    ['责任领导:钟兴旺,责任部门:人事科、机关党委', ['人事科', '机关党委'], [], '钟兴旺'],
    ['牵头责任领导:钟兴旺,责任部门:规财科', ['规财科'], [], '钟兴旺'],
    ['責任領導:李明、王強,責任部門:縣科技局', ['縣科技局'], [], '李明、王強'],
    ['牵头单位:县科技局;配合单位:县财政局、县统计局', ['县科技局'], ['县财政局', '县统计局'], null],
    ['由县发改局牵头,县科技局配合', ['县发改局'], ['县科技局'], null],
    ['县科技局负责', ['县科技局'], [], null],
    ['责任单位:县科技局(牵头)、县财政局', ['县科技局'], ['县财政局'], null],
    ['责任单位:县科技局(牵头),县财政局、县税务局', ['县科技局'], ['县财政局', '县税务局'], null],
    ['责任单位:县科技局、县财政局', ['县科技局', '县财政局'], [], null],
    ['责任单位:区发改局、区科技局(区科技局牵头)', ['区科技局'], ['区发改局'], null],
    ['責任單位:區發改局、區科技局(區科技局為牽頭單位)', ['區科技局'], ['區發改局'], null],
    ['责任领导:张伟;责任部门:区科技局、区发改局', ['区科技局', '区发改局'], [], '张伟'],
    ['责任部门:办公室、规划科', ['办公室', '规划科'], [], null],
    ['責任單位:縣科技局(牽頭),縣財政局', ['縣科技局'], ['縣財政局'], null],
    ['牵头单位:县科技局;配合单位:县财政局、县统计局;完成时限:2025年12月底', ['县科技局'], ['县财政局', '县统计局'], null],
    // 会同: the unit before it leads.
    ['市科技局会同市财政局负责', ['市科技局'], ['市财政局'], null],
    ['縣科技局會同縣財政局負責', ['縣科技局'], ['縣財政局'], null],
    // 和 between names of the same jurisdiction separates them; inside a name it does not.
    ['市科技局、市财政局和市统计局按职能分工负责', ['市科技局', '市财政局', '市统计局'], [], null],
    ['市人力资源和社会保障局负责', ['市人力资源和社会保障局'], [], null],
    // 有关 reaches the bare names listed after it.
    ['市农业农村局牵头,有关镇、街道、中心等按职能分工负责', ['市农业农村局'], ['有关镇', '有关街道', '有关中心'], null],
    ['縣農業農村局牽頭,有關鄉鎮、街道等按職能分工負責', ['縣農業農村局'], ['有關鄉鎮', '有關街道'], null],
  ])('%s', (text, lead, cooperating, leader) => {
    expect(read(text)).toEqual({ lead, cooperating, leader });
  });

  it.each([
    ['新增高企8家。责任单位:县科技局(牵头),县财政局、县税务局。', '责任单位:县科技局(牵头),县财政局、县税务局'],
    ['新增高企8家。\n牵头单位:县科技局\n配合单位:县财政局\n完成时限:2025年底', '牵头单位:县科技局\n配合单位:县财政局\n完成时限:2025年底'],
    ['新增高企8家。責任領導:李明;責任部門:縣科技局', '責任領導:李明;責任部門:縣科技局'],
    ['新增高企8家(县科技局牵头,各乡镇配合)', '县科技局牵头,各乡镇配合'],
    ['开展合作项目不少于5项,由县科技局牵头,各乡镇配合。', '由县科技局牵头,各乡镇配合'],
    ['新增高企8家。县科技局、县财政局按职责分工负责。', '县科技局、县财政局按职责分工负责'],
    ['新增高企8家。縣科技局負責。', '縣科技局負責'],
  ])('finds the statement of responsibility in %s', (text, inner) => {
    const groups = findResponsibilityGroups(TextBlock.fromLine(text, 1));
    expect(groups.map((group) => group.inner.text)).toEqual([inner]);
  });

  it.each(['推动企业负责落实,建立台账。', '组织开展活动,由企业负责组织实施。'])('finds no statement in %s', (text) => {
    expect(findResponsibilityGroups(TextBlock.fromLine(text, 1))).toEqual([]);
  });

  it('leaves a (牵头) marker inside a labelled list to the list', () => {
    const block = TextBlock.fromLine('责任单位:县科技局(牵头)、县财政局', 1);
    expect(findResponsibilityGroups(block)).toHaveLength(1);
  });

  it('reads a table cell: lead before the comma, cooperating after it', () => {
    expect(read('縣委組織部,縣科技局、縣農業農村局', { cell: true })).toEqual({
      lead: ['縣委組織部'],
      cooperating: ['縣科技局', '縣農業農村局'],
      leader: null,
    });
  });

  it('splits two groups joined by 及 before 各… (a cell listing several units, 工作要点 in traditional script)', () => {
    expect(read('牽頭單位:市政府辦公室;配合單位:市級各有關部門及各縣市區政府')).toMatchObject({
      lead: ['市政府辦公室'],
      cooperating: ['市級各有關部門', '各縣市區政府'],
    });
    expect(read('责任单位:市人力资源和社会保障局')).toMatchObject({ lead: ['市人力资源和社会保障局'] });
  });

  it('makes the first unit the lead when the document says so', () => {
    expect(read('县科技局、县财政局', { firstIsLead: true })).toEqual({ lead: ['县科技局'], cooperating: ['县财政局'], leader: null });
  });

  it('spells a unit one way across a plan', () => {
    const names = new UnitNames();
    expect(names.canonical('縣 科技局')).toBe('縣科技局');
    expect(names.canonical('县科技局')).toBe('縣科技局');
  });
});
