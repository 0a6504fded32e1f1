/**
 * The usage report as one self-contained HTML page for the CPAM's content editors: key
 * figures, charts drawn as inline SVG (no script, no CDN, readable offline and printable),
 * each followed by its figures as a table, and the unanswered questions grouped with a
 * suggestion of where each belongs in the knowledge files. Everything that came from
 * users is escaped.
 */
import type { Outcome } from './types';
import type { UsageReport } from './report';

const BLUE = '#0c419a';
const ORANGE = '#b34700';
const GREY = '#5c5c5c';
const GREEN = '#1e7b34';
const RED = '#b3261e';

const OUTCOME_LABELS: Record<Outcome, string> = {
  answered: 'Répondu',
  askedBack: 'Question en retour',
  fallback: 'Non compris',
  other: 'Autre (accueil, aide, politesse)',
  error: 'Erreur',
};

const OUTCOME_COLORS: Record<Outcome, string> = { answered: GREEN, askedBack: BLUE, fallback: ORANGE, other: GREY, error: RED };

const REASON_LABELS: Record<string, string> = {
  fallback: 'non compris',
  askedBack: 'question en retour',
  notUseful: '« pas utile »',
  didYouMean: '« vouliez-vous dire »',
  comment: 'commentaire',
};

function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const num = (n: number) => n.toLocaleString('fr-FR');
const frenchDay = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}`;

/** Vertical bars (one per day), the fallback part of each bar drawn in orange. */
function dayChart(days: UsageReport['perDay'], title: string): string {
  const width = 760;
  const height = 240;
  const left = 40;
  const bottom = 36;
  const top = 12;
  const max = Math.max(1, ...days.map((d) => d.turns));
  const step = (width - left - 10) / Math.max(1, days.length);
  const bar = Math.max(2, Math.min(28, step * 0.7));
  const y = (v: number) => top + (height - top - bottom) * (1 - v / max);
  const ticks = [0, Math.round(max / 2), max].filter((v, i, a) => a.indexOf(v) === i);
  const labelEvery = Math.ceil(days.length / 15);
  const parts = [
    `<svg role="img" aria-labelledby="t-jours" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="t-jours">${escapeHtml(title)}</title>`,
    ...ticks.map((v) => `<line x1="${left}" x2="${width - 5}" y1="${y(v)}" y2="${y(v)}" stroke="#d0d7e2"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="${GREY}">${num(v)}</text>`),
  ];
  days.forEach((d, i) => {
    const x = left + i * step + (step - bar) / 2;
    const answeredTop = y(d.turns);
    const fallbackTop = y(d.fallback);
    parts.push(`<rect x="${x.toFixed(1)}" y="${answeredTop.toFixed(1)}" width="${bar.toFixed(1)}" height="${(y(0) - answeredTop).toFixed(1)}" fill="${BLUE}"><title>${escapeHtml(`${d.day} : ${d.turns} tours, dont ${d.fallback} non compris`)}</title></rect>`);
    if (d.fallback > 0) parts.push(`<rect x="${x.toFixed(1)}" y="${fallbackTop.toFixed(1)}" width="${bar.toFixed(1)}" height="${(y(0) - fallbackTop).toFixed(1)}" fill="${ORANGE}"/>`);
    if (i % labelEvery === 0) parts.push(`<text x="${(x + bar / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" font-size="11" fill="${GREY}">${frenchDay(d.day)}</text>`);
  });
  parts.push(`<rect x="${left}" y="${height - 14}" width="10" height="10" fill="${BLUE}"/><text x="${left + 14}" y="${height - 5}" font-size="11">tours</text>`);
  parts.push(`<rect x="${left + 70}" y="${height - 14}" width="10" height="10" fill="${ORANGE}"/><text x="${left + 84}" y="${height - 5}" font-size="11">dont non compris</text>`);
  parts.push('</svg>');
  return parts.join('');
}

/** Horizontal bars, longest first, with the value at the end of each bar. */
function barChart(id: string, title: string, rows: Array<{ label: string; value: number; color?: string; note?: string }>): string {
  if (rows.length === 0) return '<p class="vide">Rien sur la période.</p>';
  const width = 760;
  const labelWidth = 300;
  const rowHeight = 26;
  const height = rows.length * rowHeight + 8;
  const max = Math.max(1, ...rows.map((r) => r.value));
  const scale = (width - labelWidth - 80) / max;
  const parts = [`<svg role="img" aria-labelledby="${id}" viewBox="0 0 ${width} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg"><title id="${id}">${escapeHtml(title)}</title>`];
  rows.forEach((r, i) => {
    const y = 4 + i * rowHeight;
    const label = r.label.length > 46 ? `${r.label.slice(0, 45)}…` : r.label;
    parts.push(`<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" font-size="12">${escapeHtml(label)}<title>${escapeHtml(r.label)}</title></text>`);
    parts.push(`<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(1, r.value * scale).toFixed(1)}" height="${rowHeight - 8}" fill="${r.color ?? BLUE}"/>`);
    parts.push(`<text x="${(labelWidth + r.value * scale + 6).toFixed(1)}" y="${y + 16}" font-size="12" fill="${GREY}">${escapeHtml(r.note ?? num(r.value))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function table(headers: string[], rows: Array<Array<string | number>>, caption?: string): string {
  if (rows.length === 0) return '';
  return `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${typeof c === 'number' ? num(c) : escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function figures(label: string, rows: string): string {
  return rows ? `<details><summary>${escapeHtml(label)}</summary>${rows}</details>` : '';
}

const STYLE = `
body{font:15px/1.45 Arial,"Helvetica Neue",Helvetica,sans-serif;color:#1a1a1a;margin:0;background:#f4f6fa}
header{background:${BLUE};color:#fff;padding:1rem 2rem}header h1{margin:.2rem 0;font-size:1.5rem}header p{margin:.2rem 0}
main{max-width:62rem;margin:0 auto;padding:1rem 2rem 3rem}
section{background:#fff;border:1px solid #c5cfe0;border-radius:8px;padding:1rem 1.25rem;margin:1rem 0}
h2{font-size:1.15rem;color:${BLUE};margin:.2rem 0 .6rem}
.chiffres{display:grid;grid-template-columns:repeat(auto-fit,minmax(9.5rem,1fr));gap:.75rem;list-style:none;padding:0;margin:0}
.chiffres li{border:1px solid #c5cfe0;border-radius:6px;padding:.5rem .75rem;background:#eef3fb}
.chiffres strong{display:block;font-size:1.5rem;color:${BLUE}}
table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}th,td{border:1px solid #d0d7e2;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef3fb}caption{text-align:left;font-weight:bold;padding:.3rem 0}
.suggestion{color:#123;background:#fff7e6;border-left:4px solid ${ORANGE};padding:.25rem .5rem}
.vide,.note{color:${GREY}}summary{cursor:pointer;color:${BLUE}}
.questions th:nth-child(1){width:3.5rem}.questions th:nth-child(2){width:38%}.questions th:nth-child(3){width:11rem}
`;

export function renderReportHtml(report: UsageReport): string {
  const t = report.totals;
  const pct = (o: Outcome) => report.outcomes.find((x) => x.outcome === o)?.share ?? 0;
  const key = [
    ['tours', num(t.turns)],
    ['conversations', num(t.conversations)],
    ['répondus', `${pct('answered')} %`],
    ['questions en retour', `${pct('askedBack')} %`],
    ['non compris', `${pct('fallback')} %`],
    ['avis « utile »', num(t.votesUp)],
    ['avis « pas utile »', num(t.votesDown)],
    ['personne proposée', num(t.handoffs)],
  ];
  const groups = report.unanswered;
  const html = [
    '<!doctype html>',
    '<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>Rapport d'usage – Assistant cartes CPx (${escapeHtml(report.period.from)} au ${escapeHtml(report.period.to)})</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<header><p>l'Assurance Maladie · CPAM de la Vendée</p><h1>Rapport d'usage de l'assistant cartes CPx</h1><p>Du ${escapeHtml(report.period.from)} au ${escapeHtml(report.period.to)} · produit le ${escapeHtml(report.generatedAt.slice(0, 16).replace('T', ' à '))} UTC</p></header>`,
    '<main>',
    `<section aria-labelledby="h-chiffres"><h2 id="h-chiffres">En bref</h2><ul class="chiffres">${key.map(([l, v]) => `<li><strong>${escapeHtml(v)}</strong>${escapeHtml(l)}</li>`).join('')}</ul>`,
    `<p class="note">Temps de réponse : médiane ${num(report.latencyMs.p50)} ms, 95 % sous ${num(report.latencyMs.p95)} ms. Canaux : ${report.channels.map((c) => `${escapeHtml(c.channel)} (${num(c.turns)})`).join(', ') || '—'}. Les conversations sont pseudonymes ; aucun texte d'utilisateur n'est gardé sans l'option REVIEW_TEXTS.</p></section>`,
    `<section aria-labelledby="h-jours"><h2 id="h-jours">Tours par jour</h2>${dayChart(report.perDay, 'Tours par jour, dont non compris')}${figures('Les chiffres par jour', table(['Jour', 'Tours', 'Non compris', 'Conversations'], report.perDay.map((d) => [d.day, d.turns, d.fallback, d.conversations])))}</section>`,
    `<section aria-labelledby="h-issues"><h2 id="h-issues">Issue des tours</h2>${barChart('t-issues', 'Issue des tours', report.outcomes.map((o) => ({ label: OUTCOME_LABELS[o.outcome], value: o.count, color: OUTCOME_COLORS[o.outcome], note: `${num(o.count)} (${o.share} %)` })))}${figures('Les chiffres', table(['Issue', 'Tours', 'Part'], report.outcomes.map((o) => [OUTCOME_LABELS[o.outcome], o.count, `${o.share} %`])))}</section>`,
    `<section aria-labelledby="h-pasutile"><h2 id="h-pasutile">Réponses le plus souvent jugées « pas utiles »</h2>${barChart('t-pasutile', 'Réponses jugées pas utiles', report.notUseful.map((a) => ({ label: a.subject ? `${a.kind} · ${a.subject}` : a.kind, value: a.down, color: RED, note: `${num(a.down)} pas utile / ${num(a.up)} utile` })))}${figures('Les chiffres', table(['Réponse', 'Sujet (pages, usages)', 'Pas utile', 'Utile'], report.notUseful.map((a) => [a.kind, a.subject ?? '', a.down, a.up])))}</section>`,
    `<section aria-labelledby="h-retour"><h2 id="h-retour">Intentions le plus souvent redemandées</h2><p class="note">Le bot a dû poser une question (profession, statut, lecture) avant de répondre.</p>${barChart('t-retour', 'Intentions le plus souvent redemandées', report.askedBack.map((a) => ({ label: a.intent, value: a.count, note: `${num(a.count)} (${a.share} %)` })))}${figures('Les chiffres', table(['Intention', 'Fois', 'Part'], report.askedBack.map((a) => [a.intent, a.count, `${a.share} %`])))}</section>`,
    `<section aria-labelledby="h-dym"><h2 id="h-dym">« Vouliez-vous dire » : ce que les utilisateurs ont choisi</h2><p class="note">Un signal d'entraînement : la lecture choisie est celle que le classifieur aurait dû préférer.</p>${
      report.didYouMean.length > 0
        ? table(['Lectures proposées', 'Choix', 'Ignoré'], report.didYouMean.map((p) => [p.offered.join(' ou '), Object.entries(p.chosen).map(([i, n]) => `${i} : ${n}`).join(', ') || '—', p.ignored]))
        : '<p class="vide">Rien sur la période.</p>'
    }</section>`,
    `<section aria-labelledby="h-questions"><h2 id="h-questions">Questions sans réponse, regroupées</h2>${
      groups.length > 0
        ? `<p class="note">${num(t.reviewTexts)} textes gardés (nettoyés des noms, numéros et adresses), ${num(groups.length)} groupes. Chaque groupe : combien de fois, un exemple, d'autres formulations et où il a sa place.</p><table class="questions"><thead><tr><th scope="col">Fois</th><th scope="col">Exemple et autres formulations</th><th scope="col">Motifs</th><th scope="col">Suggestion</th></tr></thead><tbody>${groups
            .map(
              (g) =>
                `<tr><td>${num(g.count)}</td><td><strong>${escapeHtml(g.example)}</strong>${g.variants.length > 0 ? `<br><span class="note">${g.variants.map(escapeHtml).join('<br>')}</span>` : ''}</td><td>${Object.entries(g.reasons)
                  .map(([r, n]) => `${escapeHtml(REASON_LABELS[r] ?? r)} : ${num(n as number)}`)
                  .join('<br>')}</td><td><div class="suggestion">${escapeHtml(g.suggestion.text)}</div></td></tr>`,
            )
            .join('')}</tbody></table>`
        : "<p class=\"vide\">Aucun texte gardé : l'option REVIEW_TEXTS est désactivée, ou aucune question n'est restée sans réponse.</p>"
    }${report.comments.length > 0 ? table(['Date', 'Réponse', 'Commentaire'], report.comments.map((c) => [c.at.slice(0, 10), c.kind ?? '', c.text]), 'Commentaires laissés dans Teams') : ''}</section>`,
    `<section aria-labelledby="h-personne"><h2 id="h-personne">Personne proposée</h2><p>Après deux incompréhensions de suite : ${num(report.handoffs.misunderstood)} fois ; après « pas utile » : ${num(report.handoffs.notUseful)} fois.</p></section>`,
    '</main></body></html>',
  ];
  return html.join('\n');
}
