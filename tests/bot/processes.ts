/**
 * The real entry point (src/index.ts) started as its own process on a free loopback port,
 * for the tests that need separate processes: several instances, restarts, SIGTERM.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { freePort } from '../support/net';

export { freePort };

export interface BotProcess {
  base: string;
  child: ChildProcess;
  output(): string;
  /** sends the signal and resolves with the exit code */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function startBotProcess(env: Record<string, string>, readyWithinMs = 30_000): Promise<BotProcess> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  // one process (tsx as a loader, not its CLI, which would run the bot in a child of its
  // own): the signals the tests send reach the bot itself, and SIGKILL leaves no orphan
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    // usage events in memory unless a test asks for a store (the default would write to data/events)
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MicrosoftAppId: '', MicrosoftAppPassword: '', LOG_LEVEL: 'info', RATE_LIMIT_PER_SECOND: '0', EVENTS_STORE: 'memory', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const end = Date.now() + readyWithinMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bot exited (${child.exitCode}):\n${output}`);
    try {
      const r = await fetch(`${base}/readyz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > end) {
      child.kill('SIGKILL');
      throw new Error(`bot not ready:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
