/**
 * npm run report:usage — the usage report for the CPAM's content editors: an HTML page
 * with charts (turns per day, outcomes, answers most often marked « pas utile », intents
 * most often asked back, « did you mean » choices) and the unanswered questions grouped
 * with a suggestion each, plus the same figures as JSON. Reads the event store of the
 * settings (data/events by default, Blob Storage with EVENTS_STORE=blob).
 *
 *   npm run report:usage                          the last 30 days → reports/usage/
 *   npm run report:usage -- --from 2026-11-01 --to 2026-11-30 --out rapport/
 *   npm run report:usage -- --dir copie/events    a folder of events (file store)
 *   npm run report:usage -- --conversation CPX-1A2B-3C4D
 *                                                  the events of the conversation a user
 *                                                  gave the reference of (support)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { QuestionGrouper } from '../src/events/grouping';
import { prefixOfReference } from '../src/events/pseudonym';
import { buildReport } from '../src/events/report';
import { renderReportHtml } from '../src/events/reportHtml';
import { dayOf, ReviewText, UsageEvent } from '../src/events/types';
import { loadKnowledgeBase } from '../src/knowledge/load';
import { KeywordRecognizer } from '../src/nlu/recognizer';
import { storeFor } from './events/store';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      days: { type: 'string', default: '30' },
      out: { type: 'string', default: path.join('reports', 'usage') },
      dir: { type: 'string' },
      conversation: { type: 'string' },
    },
  });
  const { store } = storeFor(values.dir);

  if (values.conversation) {
    const prefix = prefixOfReference(values.conversation);
    if (!prefix) throw new Error(`référence invalide : « ${values.conversation} » (attendu : CPX-XXXX-XXXX)`);
    const events = ((await store.read('events')) as UsageEvent[]).filter((e) => e.conv.startsWith(prefix));
    for (const e of events) console.log(JSON.stringify(e));
    console.error(`${events.length} événement(s) pour ${values.conversation.toUpperCase()}`);
    return;
  }

  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 1 || days > 3660) throw new Error('--days : un nombre de jours entre 1 et 3660 est attendu');
  const to = values.to ?? dayOf(new Date());
  const from = values.from ?? dayOf(new Date(new Date(`${to}T00:00:00Z`).getTime() - (days - 1) * 86_400_000));
  if (!DAY.test(from) || !DAY.test(to) || from > to) throw new Error('--from et --to : des dates AAAA-MM-JJ dans l’ordre sont attendues');

  const [events, reviews] = await Promise.all([store.read('events', { from, to }), store.read('reviews', { from, to })]);
  const kb = loadKnowledgeBase();
  const report = buildReport({ events: events as UsageEvent[], reviews: reviews as ReviewText[], from, to, grouper: new QuestionGrouper(kb, new KeywordRecognizer(kb)) });
  mkdirSync(values.out, { recursive: true });
  const html = path.join(values.out, 'usage.html');
  const json = path.join(values.out, 'usage.json');
  writeFileSync(html, renderReportHtml(report));
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  const t = report.totals;
  const share = (o: string) => report.outcomes.find((x) => x.outcome === o)?.share ?? 0;
  console.log(`Rapport d'usage du ${from} au ${to}`);
  console.log(`  ${t.turns} tours, ${t.conversations} conversations : ${share('answered')} % répondus, ${share('askedBack')} % question en retour, ${share('fallback')} % non compris`);
  console.log(`  avis : ${t.votesUp} « utile », ${t.votesDown} « pas utile » ; personne proposée ${t.handoffs} fois`);
  console.log(`  ${report.unanswered.length} groupes de questions sans réponse (${t.reviewTexts} textes gardés)`);
  console.log(`  → ${html}\n  → ${json}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
