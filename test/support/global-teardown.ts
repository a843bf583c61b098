import fs from 'node:fs';
import path from 'node:path';
import type { ManagedProcess } from '../../libs/devstack/src';
import { repositoryRoot } from '../../libs/devstack/src';

const globalState = globalThis as { __plancycleStack?: { users: number; processes: ManagedProcess[] } };

export default async function globalTeardown(): Promise<void> {
  const stack = globalState.__plancycleStack;
  if (!stack) return;
  stack.users -= 1;
  if (stack.users > 0) return;
  await Promise.all(stack.processes.reverse().map((p) => p.stop()));
  // The console the browser specs built for this run (test/browser/support/browser-stack.ts).
  const tmp = path.join(repositoryRoot, 'tmp');
  for (const entry of fs.existsSync(tmp) ? fs.readdirSync(tmp) : []) {
    if (entry.startsWith('web-dist-run-')) fs.rmSync(path.join(tmp, entry), { recursive: true, force: true });
  }
  delete globalState.__plancycleStack;
}
