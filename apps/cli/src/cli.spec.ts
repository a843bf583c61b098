import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import { planDocumentSchema } from '@plancycle/contracts';
import { freePort } from '@plancycle/devstack';
import { sharedPlanFixturesDir } from '../../../test/support/shared-fixtures';
import { EXIT_FAILED, EXIT_USAGE, runCli } from './cli';

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = sharedPlanFixturesDir();

function plancycle(...args: string[]) {
  const run = spawnSync('npm', ['run', '-s', 'plancycle', '--', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('plancycle CLI', () => {
  it.each([
    ['xiangtan-2018-key-points.txt', 36],
    ['yuanjiang-2024-innovation-action-plan.txt', 12],
  ])('import %s prints a valid plan document on stdout', (name, tasks) => {
    const run = plancycle('import', join(FIXTURES, name));
    expect(run.code).toBe(0);
    const plan = planDocumentSchema.parse(JSON.parse(run.stdout));
    expect(plan.tasks).toHaveLength(tasks);
  });

  it('import of an unreadable file exits 1 with one clear line', () => {
    const missing = plancycle('import', '/nonexistent/plan.txt');
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe('');
    expect(missing.stderr.trim()).toBe('plancycle: cannot read /nonexistent/plan.txt: no such file');

    const dir = mkdtempSync(join(tmpdir(), 'plancycle-cli-'));
    const binary = join(dir, 'scan.pdf');
    writeFileSync(binary, Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff, 0xfe, 0x00]));
    const unreadable = plancycle('import', binary);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(/^plancycle: cannot read .*scan\.pdf: not a text document/);
  });

  it('import of a document without tasks exits 1 with the reason, as the API refuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plancycle-cli-'));
    const essay = join(dir, 'essay.txt');
    writeFileSync(essay, '关于天气的一段随笔，没有任何任务。');
    const run = plancycle('import', essay);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(`plancycle: cannot read ${essay}: no tasks could be read from the document`);
    expect(run.stderr).toContain(`${essay}: no tasks found`);
  });

  it('import of a year-end summary prints its results on stderr beside an empty plan', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plancycle-cli-'));
    const summary = join(dir, 'summary.txt');
    writeFileSync(summary, '某县科技局2023年工作总结\n全年新增高新技术企业28家。');
    const run = plancycle('import', summary);
    expect(run.code).toBe(0);
    expect(planDocumentSchema.parse(JSON.parse(run.stdout)).tasks).toEqual([]);
    expect(run.stderr).toContain(`${summary}: result: 全年新增高新技术企业28家 (28家)`);
  });

  it('parse-target prints the indicators of one phrase', () => {
    const run = plancycle('parse-target', '技术合同交易额达30亿元');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { metric: '技术合同交易额', kind: 'amount', comparator: 'gte', value: 3_000_000_000, unit: '元', stretch: false },
    ]);
  });

  it('exits 2 on usage errors', () => {
    expect(plancycle().code).toBe(2);
    expect(plancycle('parse-target').code).toBe(2);
    expect(plancycle('frobnicate').stderr).toMatch(/unknown command "frobnicate"/);
  });

  it('export writes an .xlsx that import reads back to the same plan', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plancycle-cli-'));
    const planFile = join(dir, 'plan.json');
    const xlsxFile = join(dir, 'plan.xlsx');
    const imported = plancycle('import', join(FIXTURES, 'yuanjiang-2024-innovation-action-plan.txt'));
    writeFileSync(planFile, imported.stdout);
    expect(plancycle('export', planFile, xlsxFile).code).toBe(0);
    expect(readFileSync(xlsxFile).subarray(0, 2).toString('latin1')).toBe('PK');
    const back = plancycle('import', xlsxFile);
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout)).toEqual(JSON.parse(imported.stdout));
  });

  // Signing in for real is in apps/identity's medium spec (a running provider).
  it('login wants --email, and says so when no identity provider answers', async () => {
    const run = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let err = '';
      stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const code = await runCli(['login', ...args], { stdout, stderr, cwd: ROOT, env });
      return { code, stderr: err };
    };
    expect((await run([])).code).toBe(EXIT_USAGE);
    expect((await run(['--email'])).code).toBe(EXIT_USAGE);
    expect((await run(['--email', 'a@b.c', '--frob', 'x'])).code).toBe(EXIT_USAGE);
    const issuer = `http://127.0.0.1:${await freePort()}`;
    const unreachable = await run(['--email', 'kgj@demo.plancycle.local'], { OIDC_ISSUER: issuer });
    expect(unreachable).toEqual({
      code: EXIT_FAILED,
      stderr: `plancycle: cannot reach the identity provider at ${issuer} (is \`npm run up\` running? set OIDC_ISSUER or --issuer)\n`,
    });
  });
});
