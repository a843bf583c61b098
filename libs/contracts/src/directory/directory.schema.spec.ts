import { toFieldIssues } from '../errors/domain-error';
import { createPersonSchema, createServiceTokenSchema, createUnitSchema, unitAliasSchema, updatePersonSchema } from './directory.schema';

const issuesOf = (result: { success: boolean; error?: { issues: Parameters<typeof toFieldIssues>[0] } }) =>
  result.success ? [] : toFieldIssues(result.error?.issues ?? []);

describe('directory entries', () => {
  it('a person: e-mail lower-cased, a department person needs a unit, only a leader answers for units', () => {
    expect(createPersonSchema.parse({ name: '王芳', email: ' Wang.Fang@KGJ.gov.cn ', role: 'department', unit: '市科工局' }).email).toBe(
      'wang.fang@kgj.gov.cn',
    );
    expect(issuesOf(createPersonSchema.safeParse({ name: '王芳', email: 'wf@kgj.gov.cn', role: 'department' }))).toEqual([
      { path: 'unit', message: 'a department person acts for a unit: name it' },
    ]);
    expect(issuesOf(createPersonSchema.safeParse({ name: '李明', email: 'lm@x.cn', role: 'auditor', leaderOf: ['市科工局'] }))).toEqual([
      { path: 'leaderOf', message: 'only a leader answers for units' },
    ]);
  });

  it('a malformed entry names every offending field at once, unknown fields included', () => {
    const paths = issuesOf(createPersonSchema.safeParse({ name: '', email: 'not-an-email', role: 'boss', unti: 'x' })).map((i) => i.path);
    expect(paths.sort()).toEqual(['email', 'name', 'role', 'unti']);
  });

  it('a unit is one name; webhook addresses are http(s)', () => {
    expect(issuesOf(createUnitSchema.safeParse({ name: '市科工局、市财政局' })).map((i) => i.path)).toEqual(['name']);
    expect(issuesOf(createUnitSchema.safeParse({ name: '市科工局', webhookUrl: 'ftp://robot' })).map((i) => i.path)).toEqual([
      'webhookUrl',
    ]);
    expect(
      createUnitSchema.parse({ name: '县委组织部', parent: '县委', webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=x' })
        .parent,
    ).toBe('县委');
  });

  it('an alias names the unit it stands for; an update may disable a person', () => {
    expect(unitAliasSchema.parse({ alias: '縣科技局', unit: '县科技局' })).toEqual({ alias: '縣科技局', unit: '县科技局' });
    expect(updatePersonSchema.parse({ status: 'disabled' })).toEqual({ status: 'disabled' });
    expect(issuesOf(updatePersonSchema.safeParse({ status: 'gone' })).map((i) => i.path)).toEqual(['status']);
  });

  it('service tokens: never admin, 90 days unless told, a department token names its unit', () => {
    expect(createServiceTokenSchema.parse({ name: 'OA 对接', role: 'coordinator' }).expiresInDays).toBe(90);
    expect(issuesOf(createServiceTokenSchema.safeParse({ name: 'root', role: 'admin' })).map((i) => i.path)).toEqual(['role']);
    expect(issuesOf(createServiceTokenSchema.safeParse({ name: '报送接口', role: 'department' })).map((i) => i.path)).toEqual(['unit']);
  });
});
