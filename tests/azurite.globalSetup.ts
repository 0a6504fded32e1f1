/**
 * Starts Azurite (the Azure Storage emulator, npm package `azurite`) on a free loopback
 * port for the whole test run, as the real Blob service behind STORAGE=blob, and stops
 * it afterwards. Telemetry is off (it would try to send usage data out). Tests read the
 * connection string with `inject('azuriteConnectionString')`.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { freePort } from './support/net';

declare module 'vitest' {
  export interface ProvidedContext {
    azuriteConnectionString: string;
  }
}

const ACCOUNT = 'devstoreaccount1';
// Azurite's well-known development key (public, documented by Microsoft)
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

let child: ChildProcess | undefined;
let dir = '';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  dir = mkdtempSync(path.join(tmpdir(), 'azurite-'));
  const bin = path.resolve('node_modules/azurite/dist/src/blob/main.js');
  let output = '';
  child = spawn(
    process.execPath,
    [bin, '--blobHost', '127.0.0.1', '--blobPort', String(port), '--location', dir, '--silent', '--disableTelemetry', '--skipApiVersionCheck', '--loose'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}/${ACCOUNT}`;
  const end = Date.now() + 20_000;
  for (;;) {
    try {
      await fetch(`${url}?comp=list`);
      break; // any HTTP answer means it listens
    } catch {
      if (Date.now() > end || child.exitCode !== null) throw new Error(`Azurite did not start:\n${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  project.provide('azuriteConnectionString', `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${url};`);
  return async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
