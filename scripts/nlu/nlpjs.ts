/**
 * NLP.js (node-nlp, French) trained on the same training phrases and synonyms as our
 * recognizer, for the side-by-side of `npm run eval:nlu`. Development only.
 */
import type { KnowledgeBase } from '../../src/knowledge/knowledgeBase';
import type { Prediction, Utterance } from '../../tests/nlu/evaluationSet';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NlpManager } = require('node-nlp');

export interface NlpJsEngine {
  trainMs: number;
  predict(set: Utterance[]): Promise<Prediction[]>;
}

export async function trainNlpJs(kb: KnowledgeBase): Promise<NlpJsEngine> {
  const manager = new NlpManager({ languages: ['fr'], forceNER: true, autoSave: false, autoLoad: false, nlu: { log: false, useNoneFeature: true } });
  for (const it of kb.intents.intents) for (const ph of it.phrases) manager.addDocument('fr', ph, it.id);
  for (const [command, phrases] of Object.entries(kb.intents.commands)) for (const ph of phrases) if (ph.trim().length > 1) manager.addDocument('fr', ph, `command.${command}`);
  // the same synonyms as our entity finder, as NLP.js enum entities
  const add = (entity: string, option: string, texts: string[]) => {
    const clean = [...new Set(texts.filter((t) => t.trim().length > 0))];
    if (clean.length > 0) manager.addNamedEntityText(entity, option, ['fr'], clean);
  };
  for (const p of kb.professions.values()) add('profession', p.id, [p.label, ...p.synonyms]);
  for (const p of kb.profiles.values()) add('profile', p.id, p.synonyms);
  for (const s of kb.statuses.values()) add('status', s.id, s.synonyms);
  for (const u of kb.uses.values()) add('use', u.id, [u.label, ...u.synonyms]);
  for (const g of kb.useGroups.values()) add('usegroup', g.id, g.synonyms);
  for (const g of kb.glossary.values()) add('abbreviation', g.id, [g.abbreviation, ...g.synonyms]);
  const t0 = process.hrtime.bigint();
  await manager.train();
  const trainMs = Number(process.hrtime.bigint() - t0) / 1e6;

  return {
    trainMs,
    async predict(set) {
      const out: Prediction[] = [];
      for (const u of set) {
        const t = process.hrtime.bigint();
        const r = await manager.process('fr', u.text);
        const ms = Number(process.hrtime.bigint() - t) / 1e6;
        const entities: Array<{ entity: string; option: string; start: number }> = (r.entities ?? []).filter((e: { option?: string }) => e.option);
        entities.sort((a, b) => a.start - b.start);
        const of = (kind: string) => [...new Set(entities.filter((e) => e.entity === kind).map((e) => e.option))];
        const profile = of('profile')[0];
        const profession = profile ? kb.profiles.get(profile)?.profession : of('profession')[0];
        const status = of('status')[0] ?? (profile ? kb.profiles.get(profile)?.status : undefined);
        const uses = new Set(of('use'));
        for (const g of of('usegroup')) if (![...uses].some((x) => kb.uses.get(x)?.group === g)) kb.usesInGroup(g).forEach((x) => uses.add(x.id));
        const intent = !r.intent || r.intent === 'None' || r.intent === 'oos' ? 'none' : r.intent;
        out.push({ intent, profile, profession, status, uses: [...uses], abbreviations: of('abbreviation'), ms });
      }
      return out;
    },
  };
}
