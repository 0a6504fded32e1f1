/**
 * `npm run bench`: the bot (node dist/index.js, built by the script) and a bare echo bot
 * on the same stack (bench/echoBot.ts), each started on loopback and driven with the
 * same load over /api/messages with deliveryMode expectReplies: 200 concurrent
 * connections, each its own conversation replaying realistic multi-turn dialogues.
 * Prints, for both: throughput, median and p99 latency, errors, peak memory (the server
 * process's peak RSS, VmHWM), the bot/echo ratios; the bot's start-up time to its first
 * answer and the classifier's training time.
 *
 * Replies (bench/replySize.ts): for a fixed set of questions, on the Teams channel, the
 * bubbles Teams shows, the characters sent (text + card JSON) and the characters a reader
 * sees at first sight, next to the bot before issue 9 (commit 9215fd7, measured once by
 * this same script and kept in reports/bench-before-9215fd7.json). Throughput is compared
 * with it as a ratio to the echo bot measured in the same run as each: the machine is
 * shared, and the ratio is what survives from one run to another.
 * To measure a former version again, in the same run as the current one (and rewrite
 * that file): build it in a folder of its own, then
 *   BENCH_BEFORE_DIR=<folder> BENCH_BEFORE_COMMIT=<commit> npm run bench
 * Writes reports/bench-<date>.{md,json}.
 */
import autocannon from 'autocannon';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadKnowledgeBase } from '../src/knowledge/load';
import { KeywordRecognizer } from '../src/nlu/recognizer';
import { freePort } from '../tests/support/net';
import { measureReplies, QUESTIONS, ReplySize } from './replySize';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const DURATION = Number(process.env.BENCH_SECONDS ?? 20);
const root = path.resolve(__dirname, '..');
/** V8 options of the bot's process (NODE_OPTIONS): none by default, the process paces its heap itself (src/http/heap.ts) */
const BOT_NODE_OPTIONS = process.env.BENCH_BOT_NODE_OPTIONS ?? '';
/** the bot before issue 9, measured once (see the header) */
const BEFORE_FILE = path.join(root, 'reports', 'bench-before-9215fd7.json');
const BEFORE_DIR = process.env.BENCH_BEFORE_DIR?.trim() ?? '';
const BEFORE_COMMIT = process.env.BENCH_BEFORE_COMMIT?.trim() ?? '';
/** a yes/no answer shows at most this many characters before its details (issue 9) */
const YES_NO_VISIBLE_MAX = 600;

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

async function start(command: string[], env: Record<string, string> = {}, cwd = root): Promise<Started> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let output = '';
  const t0 = performance.now();
  const child = spawn(process.execPath, command, {
    cwd,
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

interface Measured {
  figures: Figures;
  msToFirstAnswer: number;
  /** the replies to QUESTIONS, asked before the load (bots only) */
  replies: ReplySize[];
}

/** A server started for the bench, the rounds of load it has had, its replies to QUESTIONS. */
interface Target extends Started {
  name: string;
  replies: ReplySize[];
  rounds: Array<Omit<Figures, 'peakRssMb' | 'cpuMsPerRequest'> & { seconds: number; cpuMs: number }>;
}

async function launch(name: string, command: string[], env: Record<string, string> = {}, options: { cwd?: string; replies?: boolean } = {}): Promise<Target> {
  const s = await start(command, env, options.cwd);
  const replies = options.replies ? await measureReplies(s.base) : [];
  process.stdout.write(`${name}: first answer after ${s.msToFirstAnswer.toFixed(0)} ms; warming up…\n`);
  await load(s.base, 3);
  return { ...s, name, replies, rounds: [] };
}

async function round(t: Target, seconds: number): Promise<void> {
  process.stdout.write(`${t.name}: ${seconds} s with ${CONNECTIONS} conversations at once… `);
  const cpu0 = cpuMs(t.child.pid!);
  const f = await load(t.base, seconds);
  const cpu = cpuMs(t.child.pid!) - cpu0;
  t.rounds.push({ ...f, seconds, cpuMs: cpu });
  process.stdout.write(`${f.requestsPerSecond.toFixed(0)} requests/s, ${(cpu / Math.max(1, f.requests)).toFixed(2)} ms CPU per request (load average ${os.loadavg()[0].toFixed(1)})\n`);
}

/** A target's figures over its rounds: requests and CPU summed; median and p99, the mean of the rounds'. */
function figuresOf(t: Target): Measured {
  const r = t.rounds;
  const requests = sum(r.map((x) => x.requests));
  const mean = (v: number[]) => sum(v) / Math.max(1, v.length);
  return {
    figures: {
      requestsPerSecond: requests / sum(r.map((x) => x.seconds)),
      medianMs: mean(r.map((x) => x.medianMs)),
      p99Ms: mean(r.map((x) => x.p99Ms)),
      requests,
      errors: sum(r.map((x) => x.errors)),
      non2xx: sum(r.map((x) => x.non2xx)),
      botErrors: sum(r.map((x) => x.botErrors)),
      peakRssMb: peakRssMb(t.child.pid!),
      cpuMsPerRequest: sum(r.map((x) => x.cpuMs)) / Math.max(1, requests),
    },
    msToFirstAnswer: t.msToFirstAnswer,
    replies: t.replies,
  };
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

/** The bot before issue 9, as measured once (BEFORE_FILE). */
interface Before {
  commit: string;
  date: string;
  method: string;
  replies: ReplySize[];
  bot: Figures;
  /** the echo bot measured in the same run as that bot */
  echo: Figures;
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  return v.length === 0 ? 0 : v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const ratio = (a: number, b: number) => (b === 0 ? '–' : `${(a / b).toFixed(2)} ×`);

/** The replies' table: before and now, per question, on one channel; then the totals. */
function repliesReport(before: ReplySize[], now: ReplySize[], channel: ReplySize['channel']): { lines: string[]; totals: Record<string, number> } {
  const was = new Map(before.filter((r) => r.channel === channel).map((r) => [r.question, r]));
  const rows = now.filter((r) => r.channel === channel);
  const lines = [
    '| question | réponse (avant → maintenant) | bulles Teams | caractères envoyés (texte + JSON de carte) | rapport | caractères visibles | rapport |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const b = was.get(r.question);
    const yn = r.yesNo ? ' (oui/non)' : '';
    lines.push(
      `| ${r.question}${yn} | ${b?.kind ?? '?'} → ${r.kind} | ${b?.bubbles ?? '?'} → ${r.bubbles} | ${b?.sent ?? '?'} → ${r.sent} | ${b ? ratio(r.sent, b.sent) : '–'} | ${b?.visible ?? '?'} → ${r.visible} | ${b ? ratio(r.visible, b.visible) : '–'} |`,
    );
  }
  const pairs = rows.filter((r) => was.has(r.question));
  const yesNo = pairs.filter((r) => r.yesNo);
  const totals = {
    sentBefore: sum(pairs.map((r) => was.get(r.question)!.sent)),
    sentNow: sum(pairs.map((r) => r.sent)),
    visibleBefore: sum(pairs.map((r) => was.get(r.question)!.visible)),
    visibleNow: sum(pairs.map((r) => r.visible)),
    bubblesBefore: sum(pairs.map((r) => was.get(r.question)!.bubbles)),
    bubblesNow: sum(pairs.map((r) => r.bubbles)),
    yesNoVisibleMedianBefore: median(yesNo.map((r) => was.get(r.question)!.visible)),
    yesNoVisibleMedianNow: median(yesNo.map((r) => r.visible)),
    yesNoVisibleMaxBefore: Math.max(0, ...yesNo.map((r) => was.get(r.question)!.visible)),
    yesNoVisibleMaxNow: Math.max(0, ...yesNo.map((r) => r.visible)),
  };
  lines.push(
    `| **total (${pairs.length} tours)** | | **${totals.bubblesBefore} → ${totals.bubblesNow}** | **${totals.sentBefore} → ${totals.sentNow}** | **${ratio(totals.sentNow, totals.sentBefore)}** | **${totals.visibleBefore} → ${totals.visibleNow}** | **${ratio(totals.visibleNow, totals.visibleBefore)}** |`,
  );
  return { lines, totals };
}

function commitOf(dir: string): string {
  if (BEFORE_COMMIT) return BEFORE_COMMIT;
  const r = spawnSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`BENCH_BEFORE_COMMIT manquant (et ${dir} n'est pas un dépôt git)`);
  return r.stdout.trim();
}

async function main(): Promise<void> {
  const training = trainingMs();
  // all targets run at once, loaded in turn: halves of each one's time in mirrored order
  // (A B C C B A), so that a change in the machine's other load weighs on each alike
  const targets: Target[] = [await launch('bot', ['dist/index.js'], { NODE_OPTIONS: BOT_NODE_OPTIONS }, { replies: true })];
  let commit = '';
  let bot: Measured;
  let others: Measured[];
  try {
    if (BEFORE_DIR) {
      const dir = path.resolve(BEFORE_DIR);
      commit = commitOf(dir);
      targets.push(await launch(`bot ${commit.slice(0, 7)}`, ['dist/index.js'], { NODE_OPTIONS: BOT_NODE_OPTIONS }, { cwd: dir, replies: true }));
    }
    targets.push(await launch('echo', ['--import', 'tsx', 'bench/echoBot.ts'], { NODE_OPTIONS: BOT_NODE_OPTIONS }));
    for (const t of [...targets, ...[...targets].reverse()]) await round(t, DURATION / 2);
    [bot, ...others] = targets.map(figuresOf);
  } finally {
    await Promise.all(targets.map((t) => stop(t.child)));
  }
  const echo = others[others.length - 1];
  let before: Before;
  let beforeInThisRun = false;
  if (BEFORE_DIR) {
    const old = others[0];
    before = {
      commit,
      date: new Date().toISOString(),
      method: `npm run bench with BENCH_BEFORE_DIR (bench/run.ts, bench/replySize.ts): the commit's tree exported and built apart (tsc -p tsconfig.build.json), run at the same time as the current bot and the echo bot, loaded in turn (A B C C B A, ${DURATION / 2} s each, ${CONNECTIONS} connections)`,
      replies: old.replies,
      bot: old.figures,
      echo: echo.figures,
    };
    writeFileSync(BEFORE_FILE, JSON.stringify(before, null, 2) + '\n');
    beforeInThisRun = true;
  } else {
    before = JSON.parse(readFileSync(BEFORE_FILE, 'utf8')) as Before;
  }
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
  const beforeRatios = {
    throughput: before.bot.requestsPerSecond / before.echo.requestsPerSecond,
    cpuPerRequest: before.bot.cpuMsPerRequest / Math.max(before.echo.cpuMsPerRequest, 0.001),
  };
  /** throughput now ÷ before, each taken relative to the echo bot of its own run */
  const throughputVsBefore = ratios.throughput / beforeRatios.throughput;
  const cpuVsBefore = ratios.cpuPerRequest / beforeRatios.cpuPerRequest;
  const teams = repliesReport(before.replies, bot.replies, 'msteams');
  const webchat = repliesReport(before.replies, bot.replies, 'webchat');
  const errors = b.errors + b.non2xx + b.botErrors;
  const yesNoNow = bot.replies.filter((r) => r.yesNo);
  const goals = [
    { target: 'zéro erreur', ok: errors === 0, value: String(errors) },
    { target: 'latence médiane du bot ≤ 1,5 × celle de l’écho', ok: ratios.median <= 1.5, value: `${ratios.median.toFixed(2)} ×` },
    { target: 'débit du bot ≥ 2/3 de celui de l’écho', ok: ratios.throughput >= 2 / 3, value: `${ratios.throughput.toFixed(2)} ×` },
    {
      target: `débit ≥ celui d’avant (${before.commit.slice(0, 7)}), rapportés à l’écho${beforeInThisRun ? ', même exécution' : ', autre exécution (indicatif)'}`,
      ok: throughputVsBefore >= 1,
      value: `${throughputVsBefore.toFixed(2)} ×`,
    },
    { target: 'mémoire de pointe < 250 Mo', ok: b.peakRssMb < 250, value: `${b.peakRssMb.toFixed(0)} Mo` },
    { target: 'première réponse < 2 s après le lancement', ok: cold.msToFirstAnswer < 2000, value: `${cold.msToFirstAnswer.toFixed(0)} ms` },
    { target: 'une bulle Teams par réponse', ok: bot.replies.every((r) => r.bubbles === 1), value: `${Math.max(...bot.replies.map((r) => r.bubbles))} au plus` },
    { target: `oui/non ≤ ${YES_NO_VISIBLE_MAX} caractères visibles`, ok: yesNoNow.every((r) => r.visible <= YES_NO_VISIBLE_MAX), value: `${Math.max(...yesNoNow.map((r) => r.visible))} au plus` },
  ];
  const row = (n: string, f: Figures) =>
    `| ${n} | ${f.requestsPerSecond.toFixed(0)} | ${f.medianMs.toFixed(0)} | ${f.p99Ms.toFixed(0)} | ${f.requests} | ${f.errors + f.non2xx + f.botErrors} | ${f.peakRssMb.toFixed(0)} | ${f.cpuMsPerRequest.toFixed(2)} |`;
  const date = new Date().toISOString();
  const short = before.commit.slice(0, 7);
  const md = [
    `# Banc de charge — ${date}`,
    '',
    `Machine : ${os.cpus().length} cœurs (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}, charge moyenne au départ ${os.loadavg()[0].toFixed(1)}.`,
    `Charge : ${CONNECTIONS} conversations simultanées (une par connexion, ${SESSIONS.length} dialogues de ${TURNS} tours rejoués), ${DURATION} s par cible après 3 s de chauffe, en deux moitiés, les cibles chargées tour à tour en ordre miroir (A B … B A), POST /api/messages en deliveryMode expectReplies, sur 127.0.0.1. Bot : \`NODE_OPTIONS=${BOT_NODE_OPTIONS} node dist/index.js\` (STORAGE=memory). Écho : bench/echoBot.ts, mêmes NODE_OPTIONS (même serveur restify, même CloudAdapter, mêmes réglages).`,
    '',
    '| cible | requêtes/s | médiane (ms) | p99 (ms) | requêtes | erreurs | RSS de pointe (Mo) | CPU serveur / requête (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    row('bot', b),
    row('écho', e),
    `| **bot / écho** | **${ratios.throughput.toFixed(2)} ×** | **${ratios.median.toFixed(2)} ×** | **${ratios.p99.toFixed(2)} ×** | | | | **${ratios.cpuPerRequest.toFixed(2)} ×** |`,
    row(`bot avant (${short})${beforeInThisRun ? '' : ', mesuré le ' + before.date.slice(0, 10)}`, before.bot),
    ...(beforeInThisRun ? [] : [row(`écho de cette mesure-là`, before.echo)]),
    `| **bot avant / écho** | **${beforeRatios.throughput.toFixed(2)} ×** | | | | | | **${beforeRatios.cpuPerRequest.toFixed(2)} ×** |`,
    '',
    `Débit du bot par rapport à celui d’avant (${short}), chacun rapporté à l’écho de sa mesure : **${throughputVsBefore.toFixed(2)} ×**${beforeInThisRun ? ` (même exécution ; rapport direct ${(b.requestsPerSecond / before.bot.requestsPerSecond).toFixed(2)} ×)` : ''} ; CPU serveur par requête, de même : ${cpuVsBefore.toFixed(2)} ×.` +
      (beforeInThisRun
        ? ''
        : ' Mesures de deux exécutions différentes : indicatif seulement (sur une machine partagée, l’écart d’une exécution à l’autre dépasse souvent 20 %, même rapporté à l’écho) ; pour trancher, `BENCH_BEFORE_DIR` mesure l’ancien bot dans la même exécution (voir README).'),
    '',
    `Démarrage du bot (\`node dist/index.js\`, du lancement du processus à la première réponse) : ${cold.msToFirstAnswer.toFixed(0)} ms à froid (${bot.msToFirstAnswer.toFixed(0)} ms au premier lancement).`,
    `Chargement des connaissances : ${training.loadMs.toFixed(0)} ms ; entraînement du classifieur : ${training.trainMs.toFixed(0)} ms.`,
    '',
    `## Taille des réponses, avant (${short}) et maintenant`,
    '',
    `${QUESTIONS.length} questions, chacune dans une conversation neuve, canal Teams (msteams). Bulles : ce que Teams affiche (le texte d’un message et chacune de ses pièces jointes à part). Caractères envoyés : texte des messages + JSON des cartes adaptatives. Caractères visibles : ce qu’on lit avant d’ouvrir le détail (texte sans balises, blocs de texte et faits des cartes hors conteneurs masqués, une ligne vide entre paragraphes ; boutons non comptés).`,
    '',
    ...teams.lines,
    '',
    `Oui/non : médiane des caractères visibles ${teams.totals.yesNoVisibleMedianBefore} → ${teams.totals.yesNoVisibleMedianNow}, maximum ${teams.totals.yesNoVisibleMaxBefore} → ${teams.totals.yesNoVisibleMaxNow}.`,
    `Web Chat (mêmes questions) : caractères envoyés ${webchat.totals.sentBefore} → ${webchat.totals.sentNow} (${ratio(webchat.totals.sentNow, webchat.totals.sentBefore)}) ; avant, la page web masquait le texte des messages à carte, ce que ce décompte ne refait pas.`,
    '',
    '| objectif | valeur | atteint |',
    '|---|---:|:---:|',
    ...goals.map((t) => `| ${t.target} | ${t.value} | ${t.ok ? 'oui' : '**non**'} |`),
    '',
  ].join('\n');
  console.log('\n' + md);
  mkdirSync(path.join(root, 'reports'), { recursive: true });
  const stamp = date.slice(0, 16).replace(/[:T]/g, '-');
  writeFileSync(path.join(root, 'reports', `bench-${stamp}.md`), md);
  writeFileSync(
    path.join(root, 'reports', `bench-${stamp}.json`),
    JSON.stringify(
      {
        date,
        connections: CONNECTIONS,
        seconds: DURATION,
        bot: b,
        echo: e,
        ratios,
        before: { commit: before.commit, measuredInThisRun: beforeInThisRun, bot: before.bot, echo: before.echo, ratios: beforeRatios, throughputVsBefore, cpuVsBefore },
        replies: { now: bot.replies, teams: teams.totals, webchat: webchat.totals },
        startup: { coldMs: cold.msToFirstAnswer, firstRunMs: bot.msToFirstAnswer },
        training,
        targets: goals,
      },
      null,
      2,
    ),
  );
  console.log(`écrit dans reports/bench-${stamp}.md et .json${beforeInThisRun ? ` ; mesure d’avant dans ${path.relative(root, BEFORE_FILE)}` : ''}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
