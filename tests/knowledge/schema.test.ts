/**
 * A broken knowledge file is refused with the file, the path inside it and the reason,
 * both when the bot loads it and in the editors' command (npm run kb:check).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkEveryAnswer } from '../../src/answers/everything';
import { DEFAULT_KNOWLEDGE_DIR, KnowledgeError, loadKnowledgeBase } from '../../src/knowledge/load';

const dirs: string[] = [];
function copyOfKnowledge(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kb-'));
  cpSync(DEFAULT_KNOWLEDGE_DIR, dir, { recursive: true });
  dirs.push(dir);
  return dir;
}
function edit(dir: string, file: string, change: (text: string) => string): void {
  const full = path.join(dir, file);
  const before = readFileSync(full, 'utf8');
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(full, after);
}
function problemsOf(dir: string) {
  try {
    loadKnowledgeBase(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(KnowledgeError);
    return (e as KnowledgeError).problems;
  }
  throw new Error('the knowledge base was accepted');
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('the schema', () => {
  it('accepts the shipped files', () => {
    expect(loadKnowledgeBase().profiles.size).toBe(27);
  });

  it('refuses an unknown use status, naming the file and the path', () => {
    const dir = copyOfKnowledge();
    edit(dir, 'profiles/infirmier.yaml', (t) => t.replace('status: access', 'status: peut-etre'));
    const problems = problemsOf(dir);
    expect(problems[0]).toMatchObject({ file: 'profiles/infirmier.yaml', path: 'uses[0].status' });
    expect(problems[0].message).toMatch(/access|conditional|none/);
  });

  it('refuses an inferred status without its reason', () => {
    const dir = copyOfKnowledge();
    edit(dir, 'profiles/taxi.yaml', (t) => t.replace(/\n\s+inferredWhy: [^\n]+/, ''));
    const problems = problemsOf(dir);
    expect(problems.some((p) => p.file === 'profiles/taxi.yaml' && /inferredWhy/.test(p.path) && /pourquoi/.test(p.message))).toBe(true);
  });

  it('refuses a reference to a use that does not exist', () => {
    const dir = copyOfKnowledge();
    edit(dir, 'profiles/medecin.yaml', (t) => t.replace('use: amelipro', 'use: ameli-plus'));
    const problems = problemsOf(dir);
    expect(problems).toEqual([expect.objectContaining({ file: 'profiles/medecin.yaml', message: expect.stringContaining('ameli-plus') })]);
  });

  it('refuses a YAML syntax error with its line', () => {
    const dir = copyOfKnowledge();
    edit(dir, 'uses.yaml', (t) => t.replace('groups:', 'groups: [unclosed'));
    const problems = problemsOf(dir);
    expect(problems[0].file).toBe('uses.yaml');
    expect(problems[0].path).toMatch(/ligne \d+/);
  });

  it('refuses a wording file that lacks a text the bot needs (every answer is rendered)', () => {
    const dir = copyOfKnowledge();
    edit(dir, 'responses.yaml', (t) => t.replace('  profession: Quelle est votre profession ?\n', ''));
    const problems = checkEveryAnswer(loadKnowledgeBase(dir));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'responses.yaml', message: expect.stringContaining('ask.profession') }));
  });

  it('refuses a topic the code relies on renamed in the data alone', () => {
    const dir = copyOfKnowledge();
    edit(dir, 'topics.yaml', (t) => t.replace('- id: card-lost', '- id: carte-perdue'));
    edit(dir, 'updates.yaml', (t) => t.replace('      - card-lost', '      - carte-perdue'));
    expect(problemsOf(dir)).toContainEqual(expect.objectContaining({ file: 'topics.yaml', path: 'card-lost' }));
  });

  it('refuses a training phrase given to two intents', () => {
    const dir = copyOfKnowledge();
    edit(dir, 'intents.yaml', (t) => t.replace('      - que puis-je faire avec ma carte ?', '      - quelle carte dois-je utiliser ?'));
    expect(problemsOf(dir)).toContainEqual(expect.objectContaining({ file: 'intents.yaml', message: expect.stringContaining('card.which') }));
  });

  it('is what npm run kb:check runs: exit 1 and a readable message on a broken file, 0 otherwise', () => {
    const tsx = path.resolve('node_modules/.bin/tsx');
    const ok = execFileSync(tsx, ['scripts/kb-check.ts'], { encoding: 'utf8' });
    expect(ok).toMatch(/27 profils/);
    const dir = copyOfKnowledge();
    edit(dir, 'profiles/sage-femme.yaml', (t) => t.replace('card: cps', 'card: cps9'));
    let out = '';
    let status = 0;
    try {
      execFileSync(tsx, ['scripts/kb-check.ts', dir], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const err = e as { status: number; stderr: string };
      status = err.status;
      out = err.stderr;
    }
    expect(status).toBe(1);
    expect(out).toContain('profiles/sage-femme.yaml › card');
    expect(out).toContain('cps9');
  });
});
