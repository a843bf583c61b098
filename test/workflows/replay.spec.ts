import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { testStack } from '../support/test-stack';

/**
 * Recorded histories of real runs are replayed against today's workflow code on every
 * run: a change that would break a running cycle fails here (DeterminismViolationError).
 * Record new ones with RECORD_HISTORIES=1 after a deliberate, patched() change.
 */
const historiesDir = path.join(__dirname, '..', 'histories');
const histories = fs
  .readdirSync(historiesDir)
  .filter((file) => file.endsWith('.json'))
  .map((file) => ({ file, history: JSON.parse(fs.readFileSync(path.join(historiesDir, file), 'utf8')) as unknown }));

describe('replay of recorded workflow histories', () => {
  it('has recorded histories to replay', () => {
    expect(histories.length).toBeGreaterThanOrEqual(2);
  });

  it.each(histories)('replays $file deterministically', async ({ file, history }) => {
    await Worker.runReplayHistory(
      { workflowBundle: { code: fs.readFileSync(testStack().bundlePath, 'utf8') } },
      history as Parameters<typeof Worker.runReplayHistory>[1],
      `replay-${file}`,
    );
  });
});
