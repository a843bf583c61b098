import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from './repository-root';

/**
 * The import boundaries of eslint.config.mjs, checked with the real configuration: workflow
 * code imports only @temporalio/workflow and the contracts library; only the persistence
 * library imports Prisma; the Nx layers (@nx/enforce-module-boundaries over the tags in each
 * project.json) keep libraries off apps and workflow code; import-x/no-cycle refuses cycles.
 *
 * ESLint runs in a child process because it loads eslint.config.mjs with a dynamic
 * import, which jest's module sandbox refuses. The samples are linted as text at paths
 * that do not exist, which typed linting cannot resolve, so type-aware rules are switched
 * off there (typescript-eslint's disableTypeChecked); the import rules are syntactic. The
 * Nx rule reads the project graph that Nx caches and skips itself when there is none, so
 * the script computes the graph first.
 */

interface Sample {
  code: string;
  filePath: string;
  /** Lint the file as written on disk (a rule that follows imports needs the files). */
  onDisk?: boolean;
}
interface LintMessage {
  ruleId: string | null;
  message: string;
}

const lintScript = `
const { ESLint } = require('eslint');
const tseslint = require('typescript-eslint');
const samples = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
(async () => {
  await require('@nx/devkit').createProjectGraphAsync({ exitOnError: true });
  const eslint = new ESLint({ cwd: process.cwd(), overrideConfig: tseslint.configs.disableTypeChecked, ignore: false });
  // no-cycle walks every module a sample imports; only the cycle sample needs it.
  const withoutCycles = new ESLint({
    cwd: process.cwd(),
    overrideConfig: [tseslint.configs.disableTypeChecked, { rules: { 'import-x/no-cycle': 'off' } }],
  });
  const results = [];
  for (const sample of samples) {
    const [result] = sample.onDisk
      ? await eslint.lintFiles([sample.filePath])
      : await withoutCycles.lintText(sample.code, { filePath: sample.filePath });
    results.push(result.messages.map((m) => ({ ruleId: m.ruleId, message: m.message })));
  }
  process.stdout.write(JSON.stringify(results));
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`;

async function lintSamples(samples: Sample[]): Promise<LintMessage[][]> {
  const run = promisify(execFile)(process.execPath, ['-e', lintScript], {
    cwd: repositoryRoot,
    timeout: 120_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  run.child.stdin?.end(JSON.stringify(samples));
  const { stdout } = await run;
  return JSON.parse(stdout) as LintMessage[][];
}

/** A module that imports `specifier` and uses the import, so only the import can be at fault. */
const importing = (specifier: string) => `import * as imported from '${specifier}';\nexport const used = imported;\n`;

const workflowFile = 'workflows/src/boundary-sample.ts';

const forbiddenInWorkflows: [string, RegExp][] = [
  ['node:fs', /no Node built-ins/],
  ['fs', /no Node built-ins/],
  ['node:worker_threads', /no Node built-ins/],
  ['crypto', /no Node built-ins/],
  ['@nestjs/common', /must not import NestJS/],
  ['@prisma/client', /must not touch the database/],
  ['json-rules-engine', /rules run in activities/],
  ['@temporalio/client', /import @temporalio\/workflow only/],
  ['@temporalio/activity', /import @temporalio\/workflow only/],
  ['@plancycle/persistence', /contracts library only/],
  ['@plancycle/rules', /contracts library only/],
  ['@plancycle/domain', /contracts library only/],
  ['../../libs/domain/src/index', /contracts library only/],
];

const allowedInWorkflows = ['@temporalio/workflow', '@plancycle/contracts', './workflow-helpers'];

const elsewhere: { specifier: string; filePath: string; forbidden: RegExp | null }[] = [
  {
    specifier: '@prisma/client',
    filePath: 'libs/domain/src/boundary-sample.ts',
    forbidden: /use a repository from @plancycle\/persistence/,
  },
  { specifier: '@prisma/client', filePath: 'apps/api/src/boundary-sample.ts', forbidden: /use a repository from @plancycle\/persistence/ },
  { specifier: '@prisma/adapter-pg', filePath: 'libs/persistence/src/boundary-sample.ts', forbidden: null },
  { specifier: 'node:fs', filePath: 'libs/config/src/boundary-sample.ts', forbidden: null },
  { specifier: 'json-rules-engine', filePath: 'libs/rules/src/boundary-sample.ts', forbidden: null },
  { specifier: '@nestjs/common', filePath: 'apps/api/src/boundary-sample.ts', forbidden: null },
];

describe('import boundaries (eslint.config.mjs)', () => {
  let results: LintMessage[][];
  const samples: Sample[] = [
    ...forbiddenInWorkflows.map(([specifier]) => ({ code: importing(specifier), filePath: workflowFile })),
    ...allowedInWorkflows.map((specifier) => ({ code: importing(specifier), filePath: workflowFile })),
    // A type-only import is still an import of the package.
    { code: "import type { Worker } from '@temporalio/worker';\nexport type W = Worker;\n", filePath: workflowFile },
    ...elsewhere.map(({ specifier, filePath }) => ({ code: importing(specifier), filePath })),
  ];

  beforeAll(async () => {
    results = await lintSamples(samples);
  }, 150_000);

  const messagesFor = (index: number) => results[index] ?? [];

  it.each(forbiddenInWorkflows.map(([specifier, reason], index) => [specifier, reason, index] as const))(
    'refuses %s in workflow code',
    (_specifier, reason, index) => {
      const messages = messagesFor(index);
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.every((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@nx/enforce-module-boundaries')).toBe(true);
      expect(messages.map((m) => m.message).join('\n')).toMatch(reason);
    },
  );

  it.each(allowedInWorkflows.map((specifier, index) => [specifier, forbiddenInWorkflows.length + index] as const))(
    'allows %s in workflow code',
    (_specifier, index) => {
      expect(messagesFor(index)).toEqual([]);
    },
  );

  it('refuses a type-only import of the worker SDK in workflow code', () => {
    const messages = messagesFor(forbiddenInWorkflows.length + allowedInWorkflows.length);
    expect(messages.map((m) => m.message).join('\n')).toMatch(/import @temporalio\/workflow only/);
  });

  it.each(elsewhere.map((sample, index) => [sample.specifier, sample.filePath, sample.forbidden, index] as const))(
    'judges %s in %s by the rules of that folder',
    (_specifier, _filePath, forbidden, index) => {
      const messages = messagesFor(forbiddenInWorkflows.length + allowedInWorkflows.length + 1 + index);
      if (forbidden === null) expect(messages).toEqual([]);
      else expect(messages.map((m) => `${m.ruleId}: ${m.message}`).join('\n')).toMatch(forbidden);
    },
  );
});

describe('Nx layers and import cycles (eslint.config.mjs, project.json tags)', () => {
  const layers: { what: string; sample: Sample; refused: RegExp | null }[] = [
    {
      what: 'a library importing workflow code',
      sample: { code: importing('@plancycle/workflows'), filePath: 'libs/plan-import/src/boundary-sample.ts' },
      refused: /tagged with "layer:lib" can only depend on libs tagged with/,
    },
    {
      what: 'a library importing an app',
      sample: { code: importing('../../../apps/api/src/api-app'), filePath: 'libs/domain/src/boundary-sample.ts' },
      refused: /cannot be imported by a relative or absolute path/,
    },
    {
      what: 'the contracts importing a library',
      sample: { code: importing('@plancycle/devstack'), filePath: 'libs/contracts/src/boundary-sample.ts' },
      refused: /tagged with "layer:contracts" can only depend on libs tagged with/,
    },
    {
      what: 'an app importing Prisma',
      sample: { code: importing('@prisma/client'), filePath: 'apps/worker/src/boundary-sample.ts' },
      refused: /tagged with "db:none" is not allowed to import "@prisma\/client"/,
    },
    {
      what: 'the workflow bundler resolving the workflows package',
      sample: { code: "export const entry = require.resolve('@plancycle/workflows');\n", filePath: 'libs/temporal/src/boundary-sample.ts' },
      refused: null,
    },
    {
      // The bundler resolves the package; loading workflow code into the worker process is wrong.
      what: 'the workflow bundler importing workflow code',
      sample: { code: importing('@plancycle/workflows'), filePath: 'libs/temporal/src/boundary-sample.ts' },
      refused: /Static imports of lazy-loaded libraries are forbidden/,
    },
    {
      what: 'the API typing a workflow start by a type-only import',
      sample: {
        code: "import type { planCycleWorkflow } from '@plancycle/workflows';\nexport type Started = typeof planCycleWorkflow;\n",
        filePath: 'apps/api/src/boundary-sample.ts',
      },
      refused: null,
    },
  ];

  // Two modules that import each other, written where ESLint can follow the imports.
  const cycleDir = path.join(repositoryRoot, 'tmp', `lint-cycle-${process.pid}`);
  const cycleFile = path.join(cycleDir, 'left.ts');

  let results: LintMessage[][];

  beforeAll(async () => {
    fs.mkdirSync(cycleDir, { recursive: true });
    fs.writeFileSync(cycleFile, "import { right } from './right';\nexport const left = (): number => right() + 1;\n");
    fs.writeFileSync(
      path.join(cycleDir, 'right.ts'),
      "import { left } from './left';\nexport const right = (): number => (left ? 1 : 0);\n",
    );
    results = await lintSamples([...layers.map((layer) => layer.sample), { code: '', filePath: cycleFile, onDisk: true }]);
  }, 150_000);

  afterAll(() => fs.rmSync(cycleDir, { recursive: true, force: true }));

  it.each(layers.map((layer, index) => [layer.what, layer.refused, index] as const))('judges %s', (_what, refused, index) => {
    const messages = (results[index] ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
    if (refused === null) expect(results[index]).toEqual([]);
    else expect(messages.map((m) => m.message).join('\n')).toMatch(refused);
  });

  it('refuses an import cycle', () => {
    const messages = results[layers.length] ?? [];
    expect(messages.map((m) => `${m.ruleId}: ${m.message}`)).toEqual([
      expect.stringMatching(/^import-x\/no-cycle: Dependency cycle detected/),
    ]);
  });
});
