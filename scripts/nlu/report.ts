/**
 * The written reports of `npm run eval:nlu`: a Markdown summary and an HTML page of
 * confusion matrices a content editor can open in any browser (no script, no CDN).
 */
import type { Score } from '../../tests/nlu/evaluationSet';

/** One configuration of the cross-validation, as scripts/eval-nlu.ts measures it. */
export interface CvRow {
  candidate: string;
  threshold: number;
  accuracy: number;
  oosAnswered: number;
  inScopeMissed: number;
  trainMs: number;
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cell = (s: string) => s.replace(/\|/g, '\\|');

export function markdownReport(r: {
  meta: { evaluation: number; outOfScope: number; training: number; leaks: number; trainMs: number; nlpjsTrainMs: number; threshold: number; shipped: string };
  cv: CvRow[];
  best: CvRow;
  ours: Score;
  nlpjs?: Score;
}): string {
  const { meta, cv, best, ours, nlpjs } = r;
  const engines = [ours, ...(nlpjs ? [nlpjs] : [])];
  const L: string[] = [];
  L.push('# Compréhension du langage : rapport d\'évaluation', '');
  L.push(`Généré par \`npm run eval:nlu\`. Jeu d'évaluation : **${meta.evaluation} phrases** (dont ${meta.outOfScope} hors sujet), jamais vues à l'entraînement (${meta.leaks} en commun avec les **${meta.training} phrases d'entraînement** d'intents.yaml).`, '');
  L.push('## Résumé', '');
  L.push(`| | ${engines.map((e) => e.engine).join(' | ')} | Cible |`);
  L.push(`|---|${engines.map(() => '---').join('|')}|---|`);
  const row = (label: string, f: (s: Score) => string, target: string) => L.push(`| ${label} | ${engines.map(f).join(' | ')} | ${target} |`);
  row('Intention (exactitude)', (s) => pct(s.intentAccuracy), '≥ 97 %');
  row('Macro-F1 des intentions', (s) => pct(s.macroF1), '');
  row('Profession trouvée', (s) => `${pct(s.slots.profession.accuracy)} (${s.slots.profession.correct}/${s.slots.profession.labelled})`, '≥ 98 %');
  row('Profil (profession + statut) trouvé', (s) => `${pct(s.slots.profile.accuracy)} (${s.slots.profile.correct}/${s.slots.profile.labelled})`, '');
  row('Statut trouvé', (s) => `${pct(s.slots.status.accuracy)} (${s.slots.status.correct}/${s.slots.status.labelled})`, '');
  row('Usage(s) trouvé(s)', (s) => `${pct(s.slots.uses.accuracy)} (${s.slots.uses.correct}/${s.slots.uses.labelled})`, '≥ 97 %');
  row('Sigles trouvés', (s) => `${pct(s.slots.abbreviations.accuracy)} (${s.slots.abbreviations.correct}/${s.slots.abbreviations.labelled})`, '');
  row('Hors sujet : repli', (s) => `${s.outOfScope.fallback}/${s.outOfScope.total}`, '');
  row('Hors sujet : réponse à tort', (s) => `${pct(s.outOfScope.answeredRate)} (${s.outOfScope.answered})`, '≤ 2 %');
  row('Questions du domaine tombées dans le repli', (s) => String(s.missedInScope), '');
  row('Temps médian par phrase', (s) => `${s.medianMs.toFixed(3)} ms`, '≈ 1 ms');
  row('Temps p95 par phrase', (s) => `${s.p95Ms.toFixed(3)} ms`, '');
  L.push(`| Entraînement | ${[meta.trainMs, ...(nlpjs ? [meta.nlpjsTrainMs] : [])].map((m) => `${m.toFixed(0)} ms`).join(' | ')} | < 1 s |`, '');
  L.push('Les temps dépendent de la machine et de sa charge : comparez-les entre eux, dans une même exécution.', '');

  L.push('## Choix du classifieur (validation croisée)', '');
  L.push(`Validation croisée en ${5} plis, stratifiée par intention, sur les phrases d'entraînement seules : chaque pli est appris sur les 4 autres puis reconnu par le recognizer complet (entités, règles, seuil). Les phrases « oos » doivent tomber dans le repli.`, '');
  L.push("Règle de choix : la meilleure exactitude en validation croisée ; à égalité, celle qui répond le moins aux phrases hors sujet (une mauvaise réponse est pire que l'aide de repli), puis le seuil le plus haut. La règle « d'un écart-type » (prendre, parmi les configurations à moins d'un écart-type de la meilleure, celle qui répond le moins au hors-sujet) a aussi été essayée : l'exactitude variant à peine entre les seuils 0,55 et 0,85, son choix basculait de 0,6 à 0,85 pour quelques phrases ajoutées ; elle a été abandonnée.", '');
  L.push(`Configuration retenue : **${best.candidate}, seuil ${best.threshold}** (${pct(best.accuracy)}, hors sujet répondu ${pct(best.oosAnswered)}). Configuration livrée : **${meta.shipped}, seuil ${meta.threshold}**.`, '');
  L.push('Meilleur seuil de chaque configuration (même règle) :', '', '| Configuration | Seuil | Exactitude | Hors sujet répondu | Domaine en repli | Entraînement (par pli) |', '|---|---|---|---|---|---|');
  const bestPer = new Map<string, CvRow>();
  for (const c of cv) {
    const b = bestPer.get(c.candidate);
    const k = (x: number) => Math.round(x * 1e9);
    if (!b || k(c.accuracy) > k(b.accuracy) || (k(c.accuracy) === k(b.accuracy) && c.oosAnswered < b.oosAnswered)) bestPer.set(c.candidate, c);
  }
  for (const c of [...bestPer.values()].sort((a, b) => b.accuracy - a.accuracy)) {
    L.push(`| ${c.candidate} | ${c.threshold} | ${pct(c.accuracy)} | ${pct(c.oosAnswered)} | ${pct(c.inScopeMissed)} | ${c.trainMs.toFixed(0)} ms |`);
  }
  if (!cv.some((c) => c.candidate.startsWith('logistic'))) {
    L.push('', 'Régression logistique de natural : absente de cette exécution. Son entraînement sur les phrases d\'entraînement a dépassé 6 minutes sur la machine de développement (2 cœurs), contre 0,15 à 0,3 s pour Bayes, alors que le bot s\'entraîne à chaque démarrage : elle est écartée. `npm run eval:nlu -- --logistic` la mesure quand même (compter plus d\'une demi-heure).');
  }
  L.push('', 'Effet du seuil pour la configuration livrée :', '', '| Seuil | Exactitude | Hors sujet répondu | Domaine en repli |', '|---|---|---|---|');
  for (const c of cv.filter((x) => x.candidate === meta.shipped)) L.push(`| ${c.threshold} | ${pct(c.accuracy)} | ${pct(c.oosAnswered)} | ${pct(c.inScopeMissed)} |`);
  L.push('');

  for (const s of engines) {
    L.push(`## ${s.engine} : détail par intention`, '', '| Intention | Phrases | Précision | Rappel | F1 |', '|---|---|---|---|---|');
    for (const x of s.perIntent) L.push(`| ${x.intent} | ${x.support} | ${pct(x.precision)} | ${pct(x.recall)} | ${pct(x.f1)} |`);
    L.push('', `Matrice de confusion : voir \`reports/nlu-confusion.html\`.`, '');
    L.push(`### Hors sujet auxquels ${s.engine} a répondu`, '');
    if (s.outOfScope.wrong.length === 0) L.push('Aucun.');
    for (const w of s.outOfScope.wrong) L.push(`- « ${cell(w.text)} » → ${w.got}`);
    L.push('', `### Toutes les erreurs de ${s.engine} (${s.errors.length})`, '', '| Champ | Attendu | Obtenu | Phrase |', '|---|---|---|---|');
    for (const e of s.errors) L.push(`| ${e.field} | ${cell(e.expected)} | ${cell(e.got)} | ${cell(e.text)} |`);
    L.push('');
  }
  return `${L.join('\n')}\n`;
}

export function confusionHtml(scores: Score[]): string {
  const sections = scores.map((s) => {
    const labels = s.labels;
    const max = Math.max(1, ...labels.flatMap((a) => labels.map((b) => (a === b ? 0 : s.confusion[a]?.[b] ?? 0))));
    const head = labels.map((l) => `<th class="col"><span>${esc(l)}</span></th>`).join('');
    const rows = labels
      .filter((a) => s.confusion[a])
      .map((a) => {
        const total = Object.values(s.confusion[a]).reduce((x, y) => x + y, 0);
        const cells = labels
          .map((b) => {
            const n = s.confusion[a]?.[b] ?? 0;
            if (n === 0) return '<td></td>';
            const diag = a === b;
            const alpha = diag ? 0.15 + 0.6 * (n / total) : 0.25 + 0.75 * (n / max);
            const color = diag ? `rgba(30,130,76,${alpha.toFixed(2)})` : `rgba(200,40,40,${alpha.toFixed(2)})`;
            return `<td style="background:${color}" title="attendu ${esc(a)}, obtenu ${esc(b)} : ${n}">${n}</td>`;
          })
          .join('');
        return `<tr><th class="row">${esc(a)}</th>${cells}<td class="total">${total}</td></tr>`;
      })
      .join('\n');
    const errors = s.errors
      .filter((e) => e.field === 'intent')
      .map((e) => `<tr><td>${esc(e.expected)}</td><td>${esc(e.got)}</td><td>${esc(e.text)}</td></tr>`)
      .join('\n');
    return `<section>
<h2>${esc(s.engine)}</h2>
<p>Exactitude des intentions : <strong>${pct(s.intentAccuracy)}</strong> — macro-F1 ${pct(s.macroF1)} — hors sujet répondus à tort : ${s.outOfScope.answered}/${s.outOfScope.total}.</p>
<table class="matrix"><thead><tr><th>attendu ↓ / obtenu →</th>${head}<th>total</th></tr></thead><tbody>
${rows}
</tbody></table>
<h3>Intentions mal reconnues</h3>
<table class="errors"><thead><tr><th>Attendu</th><th>Obtenu</th><th>Phrase</th></tr></thead><tbody>
${errors || '<tr><td colspan="3">Aucune.</td></tr>'}
</tbody></table>
</section>`;
  });
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Compréhension : matrices de confusion</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;margin:1rem 0}
.matrix td,.matrix th{border:1px solid #ccc;padding:4px 6px;text-align:center;min-width:1.6rem;font-size:13px}
.matrix th.row{text-align:right;white-space:nowrap}
.matrix th.col{height:9rem;vertical-align:bottom;white-space:nowrap}
.matrix th.col span{writing-mode:vertical-rl;transform:rotate(180deg)}
.matrix td.total{color:#666}
.errors td,.errors th{border:1px solid #ddd;padding:3px 8px;text-align:left;font-size:13px}
</style></head><body>
<h1>Compréhension du langage : matrices de confusion</h1>
<p>Chaque ligne est l'intention attendue, chaque colonne l'intention obtenue. En vert la diagonale (bonnes réponses), en rouge les confusions : plus c'est foncé, plus il y en a. « none » est l'aide de repli (hors sujet). Survolez une case pour son détail. Généré par <code>npm run eval:nlu</code>.</p>
${sections.join('\n')}
</body></html>
`;
}
