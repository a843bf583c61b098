import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/** Asks the OS for a free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export function isPortOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitForPort(params: { host: string; port: number; timeoutMs: number; what: string; child?: ChildProcess }) {
  const deadline = Date.now() + params.timeoutMs;
  while (Date.now() < deadline) {
    if (params.child && params.child.exitCode !== null) {
      throw new Error(`${params.what} exited with code ${params.child.exitCode} before listening`);
    }
    if (await isPortOpen(params.host, params.port)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${params.what} did not listen on ${params.host}:${params.port} within ${params.timeoutMs} ms`);
}

/** A child process whose output goes to a log file, stopped with SIGTERM then SIGKILL. */
export interface ManagedProcess {
  child: ChildProcess;
  stop(): Promise<void>;
}

export function spawnManaged(params: {
  command: string;
  args: string[];
  logFile: string | null;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}): ManagedProcess {
  let stdio: ('ignore' | number)[] = ['ignore', 'ignore', 'ignore'];
  if (params.logFile) {
    fs.mkdirSync(path.dirname(params.logFile), { recursive: true });
    const fd = fs.openSync(params.logFile, 'a');
    stdio = ['ignore', fd, fd];
  }
  const child = spawn(params.command, params.args, {
    stdio,
    env: params.env ?? process.env,
    cwd: params.cwd,
    detached: false,
  });
  return {
    child,
    stop: () => stopChild(child),
  };
}

export function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
