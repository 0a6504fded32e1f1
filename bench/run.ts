/**
 * `npm run bench`: the bot (node dist/index.js, built by the script) and a bare echo bot
 * on the same stack (bench/echoBot.ts), each started on loopback and driven with the
 * same load over /api/messages with deliveryMode expectReplies: 200 concurrent
 * connections, each its own conversation replaying realistic multi-turn dialogues.
 * Prints, for both: throughput, median and p99 latency, errors, peak memory (the server
 * process's peak RSS, VmHWM), the bot/echo ratios; the bot's start-up time to its first
 * answer and the classifier's training time. Writes reports/bench-<date>.{md,json}.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKnowledgeBase } from '../src/knowledge/load';
import { KeywordRecognizer } from '../src/nlu/recognizer';
import { freePort } from '../tests/support/net';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const DURATION = Number(process.env.BENCH_SECONDS ?? 20);
const root = path.resolve(__dirname, '..');
/** V8 options of the bot's process (NODE_OPTIONS): none by default, the process paces its heap itself (src/http/heap.ts) */
const BOT_NODE_OPTIONS = process.env.BENCH_BOT_NODE_OPTIONS ?? '';

/** Conversations as health professionals have them: several questions, guided answers. */
const SESSIONS: string[][] = [
  ['bonjour', 'puis-je consulter le DMP ?', 'médecin', 'remplaçant', 'et l’alimenter ?', "c'est quoi ADRI ?", 'merci', 'aide'],
  ['je suis infirmière remplaçante, puis-je alimenter le DMP ?', "j'ai perdu ma CPS", 'quelle carte pour ma secrétaire ?', 'annuler', 'c’est quoi la e-CPS ?', 'qui contacter ?', 'recommencer', 'kiné'],
  ['quelle carte pour un pharmacien ?', 'titulaire', 'puis-je utiliser ADRI ?', 'et la CPE ?', 'comment obtenir ma carte ?', 'combien de temps est-elle valable ?', 'merci beaucoup', 'au revoir'],
  ['je suis sage-femme', 'puis-je consulter le DMP ?', 'libérale', 'et pour facturer ?', 'différence entre CPS et e-CPS', 'aide', 'annuler', 'je suis taxi, quelle carte ?'],
];
const TURNS = SESSIONS[0].length;

function activity(text: string, conversation: string) {
  return {
    type: 'message',
    channelId: 'webchat',
    deliveryMode: 'expectReplies',
    conversation: { id: conversation },
    from: { id: `u-${conversation}` },
    recipient: { id: 'bot' },
    serviceUrl: 'http://127.0.0.1:9',
    text,
  };
}

interface Started {
  child: ChildProcess;
  base: string;
  msToFirstAnswer: number;
}

async function start(command: string[], env: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const t0 = performance.now();
  const child = spawn(process.execPath, command, {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RATE_LIMIT_PER_SECOND: '0', STORAGE: 'memory', MicrosoftAppId: '', MicrosoftAppPassword: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited:\n${output}`);
    try {
      const r = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity("c'est quoi ADRI ?", 'first')) });
      if (r.ok && ((await r.json()) as { activities?: unknown[] }).activities?.length) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - t0 > 30_000) throw new Error(`no first answer:\n${output}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  return { child, base, msToFirstAnswer: performance.now() - t0 };
}

/** CPU time (user + system) the process has used, in ms, from /proc/<pid>/stat. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / 100;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

interface Figures {
  requestsPerSecond: number;
  medianMs: number;
  p99Ms: number;
  requests: number;
  errors: number;
  non2xx: number;
  botErrors: number;
  peakRssMb: number;
  /** server CPU time per request, in ms: the figure least disturbed by a shared machine */
  cpuMsPerRequest: number;
}

async function load(base: string, seconds: number): Promise<Omit<Figures, 'peakRssMb' | 'cpuMsPerRequest'>> {
  let session = 0;
  let botErrors = 0;
  const requests = Array.from({ length: TURNS }, (_v, turn) => ({
    method: 'POST' as const,
    path: '/api/messages',
    headers: { 'content-type': 'application/json' },
    setupRequest: (req: autocannon.Request, ctx: object) => {
      const context = ctx as { conversation?: string; session?: number };
      if (turn === 0 || !context.conversation) {
        context.conversation = randomUUID();
        context.session = session++ % SESSIONS.length;
      }
      const text = SESSIONS[context.session!][turn];
      return { ...req, body: JSON.stringify(activity(text, context.conversation!)) };
    },
    onResponse: (status: number, body: string) => {
      if (status === 200 && (body.includes('"replyKind":"error"') || !body.includes('"activities"'))) botErrors++;
    },
  }));
  const result = await autocannon({ url: base, connections: CONNECTIONS, duration: seconds, requests, timeout: 30 });
  return {
    requestsPerSecond: result.requests.average,
    medianMs: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    botErrors,
  };
}

async function measure(name: string, command: string[], env: Record<string, string> = {}): Promise<{ figures: Figures; msToFirstAnswer: number }> {
  const s = await start(command, env);
  try {
    process.stdout.write(`${name}: first answer after ${s.msToFirstAnswer.toFixed(0)} ms; warming up… `);
    await load(s.base, 3);
    process.stdout.write(`measuring ${DURATION} s with ${CONNECTIONS} conversations at once…\n`);
    const cpu0 = cpuMs(s.child.pid!);
    const f = await load(s.base, DURATION);
    const cpuMsPerRequest = (cpuMs(s.child.pid!) - cpu0) / Math.max(1, f.requests);
    return { figures: { ...f, peakRssMb: peakRssMb(s.child.pid!), cpuMsPerRequest }, msToFirstAnswer: s.msToFirstAnswer };
  } finally {
    await stop(s.child);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
}

function trainingMs(): { loadMs: number; trainMs: number } {
  const t0 = performance.now();
  const kb = loadKnowledgeBase();
  const t1 = performance.now();
  new KeywordRecognizer(kb);
  const t2 = performance.now();
  return { loadMs: t1 - t0, trainMs: t2 - t1 };
}

async function main(): Promise<void> {
  const training = trainingMs();
  const bot = await measure('bot', ['dist/index.js'], { NODE_OPTIONS: BOT_NODE_OPTIONS });
  const echo = await measure('echo', ['--import', 'tsx', 'bench/echoBot.ts'], { NODE_OPTIONS: BOT_NODE_OPTIONS });
  // the bot's start-up measured again on its own, with nothing else running
  await new Promise((r) => setTimeout(r, 1000));
  const cold = await start(['dist/index.js'], { NODE_OPTIONS: BOT_NODE_OPTIONS });
  await stop(cold.child);
  const b = bot.figures;
  const e = echo.figures;
  const ratios = {
    throughput: b.requestsPerSecond / e.requestsPerSecond,
    median: b.medianMs / Math.max(e.medianMs, 0.001),
    p99: b.p99Ms / Math.max(e.p99Ms, 0.001),
    cpuPerRequest: b.cpuMsPerRequest / Math.max(e.cpuMsPerRequest, 0.001),
  };
  const errors = b.errors + b.non2xx + b.botErrors;
  const targets = [
    { target: 'zéro erreur', ok: errors === 0, value: String(errors) },
    { target: 'latence médiane du bot ≤ 1,5 × celle de l’écho', ok: ratios.median <= 1.5, value: `${ratios.median.toFixed(2)} ×` },
    { target: 'débit du bot ≥ 2/3 de celui de l’écho', ok: ratios.throughput >= 2 / 3, value: `${ratios.throughput.toFixed(2)} ×` },
    { target: 'mémoire de pointe < 250 Mo', ok: b.peakRssMb < 250, value: `${b.peakRssMb.toFixed(0)} Mo` },
    { target: 'première réponse < 2 s après le lancement', ok: cold.msToFirstAnswer < 2000, value: `${cold.msToFirstAnswer.toFixed(0)} ms` },
  ];
  const row = (n: string, f: Figures) =>
    `| ${n} | ${f.requestsPerSecond.toFixed(0)} | ${f.medianMs.toFixed(0)} | ${f.p99Ms.toFixed(0)} | ${f.requests} | ${f.errors + f.non2xx + f.botErrors} | ${f.peakRssMb.toFixed(0)} | ${f.cpuMsPerRequest.toFixed(2)} |`;
  const date = new Date().toISOString();
  const md = [
    `# Banc de charge — ${date}`,
    '',
    `Machine : ${os.cpus().length} cœurs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, charge moyenne au départ ${os.loadavg()[0].toFixed(1)}.`,
    `Charge : ${CONNECTIONS} conversations simultanées (une par connexion, ${SESSIONS.length} dialogues de ${TURNS} tours rejoués), ${DURATION} s par cible après 3 s de chauffe, POST /api/messages en deliveryMode expectReplies, sur 127.0.0.1. Bot : \`NODE_OPTIONS=${BOT_NODE_OPTIONS} node dist/index.js\` (STORAGE=memory). Écho : bench/echoBot.ts, mêmes NODE_OPTIONS (même serveur restify, même CloudAdapter, mêmes réglages).`,
    '',
    '| cible | requêtes/s | médiane (ms) | p99 (ms) | requêtes | erreurs | RSS de pointe (Mo) | CPU serveur / requête (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row('bot', b),
    row('écho', e),
    `| **bot / écho** | **${ratios.throughput.toFixed(2)} ×** | **${ratios.median.toFixed(2)} ×** | **${ratios.p99.toFixed(2)} ×** | | | | **${ratios.cpuPerRequest.toFixed(2)} ×** |`,
    '',
    `Démarrage du bot (\`node dist/index.js\`, du lancement du processus à la première réponse) : ${cold.msToFirstAnswer.toFixed(0)} ms à froid (${bot.msToFirstAnswer.toFixed(0)} ms au premier lancement).`,
    `Chargement des connaissances : ${training.loadMs.toFixed(0)} ms ; entraînement du classifieur : ${training.trainMs.toFixed(0)} ms.`,
    '',
    '| objectif | valeur | atteint |',
    '|---|---:|:---:|',
    ...targets.map((t) => `| ${t.target} | ${t.value} | ${t.ok ? 'oui' : '**non**'} |`),
    '',
  ].join('\n');
  console.log('\n' + md);
  mkdirSync(path.join(root, 'reports'), { recursive: true });
  const stamp = date.slice(0, 16).replace(/[:T]/g, '-');
  writeFileSync(path.join(root, 'reports', `bench-${stamp}.md`), md);
  writeFileSync(path.join(root, 'reports', `bench-${stamp}.json`), JSON.stringify({ date, connections: CONNECTIONS, seconds: DURATION, bot: b, echo: e, ratios, startup: { coldMs: cold.msToFirstAnswer, firstRunMs: bot.msToFirstAnswer }, training, targets }, null, 2));
  console.log(`écrit dans reports/bench-${stamp}.md et .json`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
