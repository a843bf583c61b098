import type { ManagedProcess } from '../../libs/devstack/src';

const globalState = globalThis as { __plancycleMediumDatabase?: ManagedProcess };

export default async function mediumTeardown(): Promise<void> {
  await globalState.__plancycleMediumDatabase?.stop();
  delete globalState.__plancycleMediumDatabase;
}
