/**
 * Where events and review texts are kept, partitioned by day (UTC) so that a retention
 * limit is a deletion of whole days:
 *   - memory: in this process only (tests; lost on restart);
 *   - file: JSON lines in a local folder (EVENTS_DIR), the embedded default of
 *     `npm start`, which `npm run report:usage` reads from another process;
 *   - blob: Azure Blob Storage (blobStore.ts), in production, shared by every instance.
 */
import { appendFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { newSecret } from './pseudonym';
import { Collection, dayOf, RecordOf } from './types';

export interface ReadRange {
  /** first day kept (YYYY-MM-DD), included */
  from?: string;
  /** last day kept (YYYY-MM-DD), included */
  to?: string;
}

export interface EventStore {
  /** which store this is, for logs */
  readonly kind: 'memory' | 'file' | 'blob';
  /** Appends records; each goes to the day of its `at`. */
  append<C extends Collection>(collection: C, records: RecordOf<C>[]): Promise<void>;
  /** The records of the days in the range, oldest day first. */
  read<C extends Collection>(collection: C, range?: ReadRange): Promise<RecordOf<C>[]>;
  /** The days that hold records. */
  days(collection: Collection): Promise<string[]>;
  /** Deletes every record of the days before `beforeDay` (excluded); returns the days deleted. */
  deleteBefore(collection: Collection, beforeDay: string): Promise<string[]>;
  /**
   * The key of the pseudonyms kept with the store when EVENTS_SECRET is not set: made once
   * (the first instance to ask), then read by every instance.
   */
  storedSecret(): Promise<string>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function inRange(day: string, range: ReadRange = {}): boolean {
  return (!range.from || day >= range.from) && (!range.to || day <= range.to);
}

function byDay<R extends { at: string }>(records: R[]): Map<string, R[]> {
  const out = new Map<string, R[]>();
  for (const r of records) {
    const day = dayOf(r.at);
    if (!DAY.test(day)) continue;
    const list = out.get(day) ?? [];
    list.push(r);
    out.set(day, list);
  }
  return out;
}

/** Parses JSON lines, skipping a line that is not a record (a write cut short). */
export function parseLines<R>(text: string): R[] {
  const out: R[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as R;
      if (r && typeof r === 'object') out.push(r);
    } catch {
      /* a partial line: skipped */
    }
  }
  return out;
}

export class MemoryEventStore implements EventStore {
  readonly kind = 'memory' as const;
  private readonly data: Record<Collection, Map<string, unknown[]>> = { events: new Map(), reviews: new Map() };

  async append<C extends Collection>(collection: C, records: RecordOf<C>[]): Promise<void> {
    for (const [day, list] of byDay(records)) {
      const kept = this.data[collection].get(day) ?? [];
      kept.push(...list.map((r) => JSON.parse(JSON.stringify(r))));
      this.data[collection].set(day, kept);
    }
  }

  async read<C extends Collection>(collection: C, range?: ReadRange): Promise<RecordOf<C>[]> {
    const days = [...this.data[collection].keys()].filter((d) => inRange(d, range)).sort();
    return days.flatMap((d) => this.data[collection].get(d) as RecordOf<C>[]);
  }

  async days(collection: Collection): Promise<string[]> {
    return [...this.data[collection].keys()].sort();
  }

  async deleteBefore(collection: Collection, beforeDay: string): Promise<string[]> {
    const gone = [...this.data[collection].keys()].filter((d) => d < beforeDay).sort();
    for (const d of gone) this.data[collection].delete(d);
    return gone;
  }

  private secret = newSecret();

  async storedSecret(): Promise<string> {
    return this.secret;
  }
}

/**
 * One file of JSON lines per collection and day: `<dir>/events/2026-11-27.jsonl`. Lines
 * are appended with O_APPEND, so several processes on the same machine may write.
 */
export class FileEventStore implements EventStore {
  readonly kind = 'file' as const;

  constructor(readonly dir: string) {}

  private folder(collection: Collection): string {
    return path.join(this.dir, collection);
  }

  async append<C extends Collection>(collection: C, records: RecordOf<C>[]): Promise<void> {
    if (records.length === 0) return;
    await mkdir(this.folder(collection), { recursive: true, mode: 0o700 });
    for (const [day, list] of byDay(records)) {
      await appendFile(path.join(this.folder(collection), `${day}.jsonl`), list.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o600 });
    }
  }

  async days(collection: Collection): Promise<string[]> {
    let names: string[];
    try {
      names = await readdir(this.folder(collection));
    } catch {
      return [];
    }
    return names.filter((n) => n.endsWith('.jsonl')).map((n) => n.slice(0, -'.jsonl'.length)).filter((d) => DAY.test(d)).sort();
  }

  async read<C extends Collection>(collection: C, range?: ReadRange): Promise<RecordOf<C>[]> {
    const out: RecordOf<C>[] = [];
    for (const day of (await this.days(collection)).filter((d) => inRange(d, range))) {
      out.push(...parseLines<RecordOf<C>>(await readFile(path.join(this.folder(collection), `${day}.jsonl`), 'utf8')));
    }
    return out;
  }

  async deleteBefore(collection: Collection, beforeDay: string): Promise<string[]> {
    const gone = (await this.days(collection)).filter((d) => d < beforeDay);
    for (const d of gone) await rm(path.join(this.folder(collection), `${d}.jsonl`), { force: true });
    return gone;
  }

  /** `<dir>/.secret`, mode 600, made on first use. */
  async storedSecret(): Promise<string> {
    const file = path.join(this.dir, '.secret');
    try {
      return (await readFile(file, 'utf8')).trim();
    } catch {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      try {
        await writeFile(file, `${newSecret()}\n`, { mode: 0o600, flag: 'wx' });
      } catch {
        /* another process made it first */
      }
      return (await readFile(file, 'utf8')).trim();
    }
  }
}
