import path from 'node:path';
import { startMailCatcher } from './mail-catcher';
import { repositoryRoot } from './repository-root';

/** `node scripts/run-mail-catcher.js`: the local mail catcher as a process (`npm run up` starts it). */
async function main(): Promise<void> {
  const catcher = await startMailCatcher({
    smtpPort: Number(process.env['MAIL_CATCHER_SMTP_PORT'] ?? 1025),
    httpPort: Number(process.env['MAIL_CATCHER_HTTP_PORT'] ?? 8025),
    dir: process.env['MAIL_CATCHER_DIR'] ?? path.join(repositoryRoot, 'tmp', 'mail'),
  });
  console.log(`mail catcher: SMTP on 127.0.0.1:${catcher.smtpPort}, mailbox at ${catcher.httpUrl ?? '(none)'}`);
  const stop = () => void catcher.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
