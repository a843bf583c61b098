import path from 'node:path';
import { bundleWorkflows, typeScriptSourceOf } from './workflow-bundle';

jest.setTimeout(120_000);

const repositoryRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * Every module of the bundle a workflow uses is evaluated again for each workflow the worker
 * caches, so what the bundle holds is the worker's memory per workflow (issue 12).
 */
describe('the workflow bundle', () => {
  it('holds the contracts modules workflows use and leaves out the schemas they do not', async () => {
    const { code } = await bundleWorkflows();
    expect(code).toContain('./libs/contracts/src/workflow/schema-factories.ts');
    // Plan documents, directory, evaluation results and rule sets: schemas by the hundred.
    for (const unused of ['plan-document.schema', 'directory.schema', 'evaluation-result.schema', 'rule-set.schema']) {
      expect(code).not.toContain(`${unused}.ts"`);
    }
    // Validators build their schemas when they run, not when the module loads.
    expect(code).not.toContain('./libs/contracts/src/workflow/report.schema.ts"');
    expect(code).not.toContain('./libs/contracts/src/workflow/calendar.ts"');
  });

  it('is built from the TypeScript sources when the worker runs compiled', () => {
    const compiled = path.join(repositoryRoot, 'dist', 'libs', 'contracts', 'src', 'index.js');
    expect(typeScriptSourceOf(compiled)).toBe(path.join(repositoryRoot, 'libs', 'contracts', 'src', 'index.ts'));
    const elsewhere = path.join(repositoryRoot, 'dist', 'nowhere', 'index.js');
    expect(typeScriptSourceOf(elsewhere)).toBe(elsewhere);
  });
});
