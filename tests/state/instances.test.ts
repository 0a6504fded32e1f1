/**
 * Several bot PROCESSES (src/index.ts, each its own process) sharing STORAGE=blob on
 * Azurite: a dialog started on one continues on another, survives a restart, two turns
 * at once on two instances leave a coherent conversation, and SIGTERM lets the turn in
 * flight finish and save its state before the process exits 0.
 */
import { randomUUID } from 'node:crypto';
import { connect, createServer as createNetServer, Server as NetServer, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { textOf } from '../helpers';
import { activity } from '../bot/appHarness';
import { BotProcess, freePort, startBotProcess } from '../bot/processes';

const running: BotProcess[] = [];
let relay: NetServer;
let slow = false;
let storageEnv: Record<string, string>;
let slowStorageEnv: Record<string, string>;

async function post(base: string, text: string, conversation: string): Promise<{ status: number; texts: string[] }> {
  const r = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(text, conversation)) });
  const body = r.status === 200 ? ((await r.json()) as { activities: Array<{ text?: string }> }) : { activities: [] };
  return { status: r.status, texts: body.activities.map((a) => textOf(a as never)) };
}

async function start(env: Record<string, string>): Promise<BotProcess> {
  const p = await startBotProcess(env);
  running.push(p);
  return p;
}

beforeAll(async () => {
  const connection = inject('azuriteConnectionString');
  const container = `mp-${randomUUID().slice(0, 8)}`;
  storageEnv = { STORAGE: 'blob', BLOB_CONNECTION_STRING: connection, BLOB_CONTAINER: container };
  // the same storage reached through a relay that can be made slow, so that a turn stays
  // in flight long enough to send SIGTERM during it
  const target = Number(/127\.0\.0\.1:(\d+)/.exec(connection)![1]);
  const port = await freePort();
  relay = createNetServer((socket: Socket) => {
    const upstream = connect(target, '127.0.0.1');
    socket.on('data', (chunk) => {
      if (!slow) return void upstream.write(chunk);
      socket.pause();
      setTimeout(() => {
        upstream.write(chunk);
        socket.resume();
      }, 400);
    });
    upstream.pipe(socket);
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
    socket.on('close', () => upstream.destroy());
  });
  await new Promise<void>((r) => relay.listen(port, '127.0.0.1', () => r()));
  slowStorageEnv = { ...storageEnv, BLOB_CONNECTION_STRING: connection.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`) };
}, 60_000);

afterAll(async () => {
  for (const p of running) await p.stop('SIGKILL');
  await new Promise((r) => relay?.close(r));
});

describe('more than one instance on STORAGE=blob', () => {
  let a: BotProcess;
  let b: BotProcess;

  beforeAll(async () => {
    [a, b] = await Promise.all([start(slowStorageEnv), start(storageEnv)]);
  }, 60_000);

  it('continues on a second process a dialog started on the first', async () => {
    const first = await post(a.base, 'puis-je consulter le DMP ?', 'mp-1');
    expect(first.texts[0]).toMatch(/^Quelle est votre profession/);
    const second = await post(b.base, 'médecin', 'mp-1');
    expect(second.texts[0]).toMatch(/statut/);
    const third = await post(a.base, 'remplaçant', 'mp-1');
    expect(third.texts[0]).toMatch(/(^|, )non : /i);
  });

  it('keeps the conversation coherent when two turns of it arrive at once on two instances', async () => {
    for (let round = 0; round < 3; round++) {
      const id = `mp-2-${round}`;
      expect((await post(a.base, 'puis-je consulter le DMP ?', id)).texts[0]).toMatch(/^Quelle est votre profession/);
      // two different turns, so that one overwriting the other would show: whichever came
      // second was run again on the state the first saved, and the profession survives
      const both = await Promise.all([post(a.base, 'médecin', id), post(b.base, "c'est quoi ADRI ?", id)]);
      for (const r of both) expect(r.status).toBe(200);
      // the dialog is at the status question, and goes on from there
      const next = await post(b.base, 'remplaçant', id);
      expect(next.texts[0]).toMatch(/(^|, )non : /i);
    }
    expect(a.output() + b.output()).not.toMatch(/"level":50/);
  });

  it('on SIGTERM: finishes the turn in flight, saves its state, refuses new requests, exits 0; the dialog survives the restart', async () => {
    expect((await post(a.base, 'puis-je consulter le DMP ?', 'mp-3')).texts[0]).toMatch(/^Quelle est votre profession/);
    slow = true;
    const inFlight = post(a.base, 'médecin', 'mp-3');
    await new Promise((r) => setTimeout(r, 300));
    const exitCode = a.stop('SIGTERM');
    await new Promise((r) => setTimeout(r, 100));
    const late = await post(a.base, 'bonjour', 'mp-3-late').then(
      (r) => r.status,
      () => 'refused',
    );
    expect([503, 'refused']).toContain(late);
    const answered = await inFlight;
    slow = false;
    expect(answered.status).toBe(200);
    expect(answered.texts[0]).toMatch(/statut/);
    expect(await exitCode).toBe(0);
    expect(a.output()).toContain('arrêt terminé');
    // the same instance started again (a deployment) carries on the saved dialog
    const restarted = await start(storageEnv);
    const after = await post(restarted.base, 'remplaçant', 'mp-3');
    expect(after.texts[0]).toMatch(/(^|, )non : /i);
  });
});
