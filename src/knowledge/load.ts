/**
 * Loads the knowledge files (YAML), validates each one against its schema, checks the
 * references between them, and returns the knowledge base. A broken file is refused with
 * the file, the path inside it and the reason.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { KnowledgeBase } from './knowledgeBase';
import {
  cardSchema,
  contactSchema,
  glossaryEntrySchema,
  intentsFileSchema,
  lexiconFileSchema,
  professionsFileSchema,
  profileSchema,
  responsesFileSchema,
  topicSchema,
  updateSchema,
  usesFileSchema,
} from './schema';

/** The knowledge files shipped with the bot (kept in src so that editors find them). */
export const DEFAULT_KNOWLEDGE_DIR = path.resolve(__dirname, '../../src/knowledge/data');

export interface KnowledgeProblem {
  file: string;
  path: string;
  message: string;
}

export class KnowledgeError extends Error {
  constructor(readonly problems: KnowledgeProblem[]) {
    super(
      `Base de connaissances refusée (${problems.length} problème${problems.length > 1 ? 's' : ''}) :\n` +
        problems.map((p) => `  - ${p.file}${p.path ? ` › ${p.path}` : ''} : ${p.message}`).join('\n'),
    );
    this.name = 'KnowledgeError';
  }
}

const FILES = {
  professions: { file: 'professions.yaml', schema: professionsFileSchema },
  uses: { file: 'uses.yaml', schema: usesFileSchema },
  cards: { file: 'cards.yaml', schema: z.array(cardSchema) },
  glossary: { file: 'glossary.yaml', schema: z.array(glossaryEntrySchema) },
  contacts: { file: 'contacts.yaml', schema: z.array(contactSchema) },
  topics: { file: 'topics.yaml', schema: z.array(topicSchema) },
  updates: { file: 'updates.yaml', schema: z.array(updateSchema) },
  intents: { file: 'intents.yaml', schema: intentsFileSchema },
  responses: { file: 'responses.yaml', schema: responsesFileSchema },
  lexicon: { file: 'lexicon.yaml', schema: lexiconFileSchema },
} as const;

type Loaded = { [K in keyof typeof FILES]: z.infer<(typeof FILES)[K]['schema']> };

function formatPath(p: ReadonlyArray<string | number>): string {
  return p.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.').replace(/\.\[/g, '[');
}

function readYaml(dir: string, file: string, problems: KnowledgeProblem[]): unknown {
  const full = path.join(dir, file);
  if (!existsSync(full)) {
    problems.push({ file, path: '', message: 'fichier absent' });
    return undefined;
  }
  const doc = parseDocument(readFileSync(full, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      const where = e.linePos?.[0] ? `ligne ${e.linePos[0].line}, colonne ${e.linePos[0].col}` : '';
      problems.push({ file, path: where, message: `YAML invalide : ${e.message.split('\n')[0]}` });
    }
    return undefined;
  }
  return doc.toJS();
}

function validate<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, data: unknown, file: string, problems: KnowledgeProblem[]): T | undefined {
  if (data === undefined) return undefined;
  const result = schema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push({ file, path: formatPath(issue.path), message: issue.message });
    }
    return undefined;
  }
  return result.data;
}

/** Reads and validates every knowledge file; throws KnowledgeError listing every problem. */
export function loadKnowledgeBase(dir: string = DEFAULT_KNOWLEDGE_DIR): KnowledgeBase {
  const problems: KnowledgeProblem[] = [];
  const loaded: Partial<Loaded> = {};
  for (const [key, { file, schema }] of Object.entries(FILES)) {
    (loaded as Record<string, unknown>)[key] = validate(schema as z.ZodTypeAny, readYaml(dir, file, problems), file, problems);
  }
  const profilesDir = path.join(dir, 'profiles');
  const profiles: z.infer<typeof profileSchema>[] = [];
  if (!existsSync(profilesDir)) problems.push({ file: 'profiles/', path: '', message: 'dossier absent' });
  else {
    for (const name of readdirSync(profilesDir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
      const file = `profiles/${name}`;
      const profile = validate(profileSchema, readYaml(dir, file, problems), file, problems);
      if (profile) {
        if (profile.id !== name.replace(/\.ya?ml$/, '')) {
          problems.push({ file, path: 'id', message: `l’identifiant « ${profile.id} » doit être le nom du fichier` });
        }
        profiles.push(profile);
      }
    }
  }
  if (problems.length > 0) throw new KnowledgeError(problems);
  const kb = new KnowledgeBase({ ...(loaded as Loaded), profiles });
  const crossProblems = kb.checkReferences();
  if (crossProblems.length > 0) throw new KnowledgeError(crossProblems);
  return kb;
}
