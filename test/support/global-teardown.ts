import type { ManagedProcess } from '../../libs/devstack/src';

const globalState = globalThis as { __plancycleStack?: { users: number; processes: ManagedProcess[] } };

export default async function globalTeardown(): Promise<void> {
  const stack = globalState.__plancycleStack;
  if (!stack) return;
  stack.users -= 1;
  if (stack.users > 0) return;
  await Promise.all(stack.processes.reverse().map((p) => p.stop()));
  delete globalState.__plancycleStack;
}
