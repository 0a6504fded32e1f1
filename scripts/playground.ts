/**
 * `npm run playground`: Microsoft 365 Agents Playground (@microsoft/m365agentsplayground), a
 * Teams-like client, against the bot running on this machine (`npm run dev` or `npm start`
 * in another terminal), offline:
 *  - channel msteams, endpoint http://127.0.0.1:<PORT>/api/messages (PORT as for the bot:
 *    environment or .env, 3978 by default);
 *  - --disable-telemetry, and APPLICATION_INSIGHTS_NO_STATSBEAT: without it the Playground's
 *    Application Insights SDK still probes the Azure metadata address (169.254.169.254) and
 *    looks up its statistics endpoint, telemetry disabled or not;
 *  - its log in the system's temporary folder (by default it writes ./devTools/ here).
 * Other arguments go to the Playground (`npm run playground -- --port 56151`; its own port
 * is 56150 by default, another one if taken: it prints « Listening on <port> »).
 * The bot must run without MicrosoftAppId (the Playground sends no token otherwise).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { config as loadDotenv } from 'dotenv';

loadDotenv({ quiet: true } as never);

const CLI = require.resolve('@microsoft/m365agentsplayground/cli.js');

/** The Playground's arguments for a bot on `botPort`, then the caller's own. */
export function playgroundArgs(botPort: number, extra: string[] = []): string[] {
  return ['--channel-id', 'msteams', '--app-endpoint', `http://127.0.0.1:${botPort}/api/messages`, '--disable-telemetry', ...extra];
}

/** The Playground's environment: no statistics sent, its log out of the project's tree. */
export function playgroundEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    M365_AGENTS_PLAYGROUND_LOGFILE: env.M365_AGENTS_PLAYGROUND_LOGFILE || path.join(os.tmpdir(), 'm365agentsplayground.log'),
  };
}

async function main(): Promise<void> {
  const botPort = Number(process.env.PORT?.trim() || 3978);
  const health = `http://127.0.0.1:${botPort}/healthz`;
  try {
    if (!(await fetch(health, { signal: AbortSignal.timeout(3000) })).ok) throw new Error(`healthz`);
  } catch {
    console.error(`Le bot ne répond pas sur ${health} : lancez-le d'abord dans un autre terminal (npm run dev), puis relancez npm run playground.`);
    process.exit(1);
  }
  if (process.env.MicrosoftAppId?.trim()) {
    console.warn("MicrosoftAppId est renseigné : le bot exige un jeton que le Playground n'envoie pas. Pour l'essai local, lancez le bot avec MicrosoftAppId vide.");
  }
  const env = playgroundEnv(process.env);
  console.log(`Microsoft 365 Agents Playground (canal msteams, hors ligne) → http://127.0.0.1:${botPort}/api/messages ; journal : ${env.M365_AGENTS_PLAYGROUND_LOGFILE}`);
  const child = spawn(process.execPath, [CLI, ...playgroundArgs(botPort, process.argv.slice(2))], { env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
