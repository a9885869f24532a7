/**
 * Transformed chapters kept between builds: a chapter whose text and settings are unchanged is
 * not transformed again. `inkstone watch` keeps them in memory for its rebuilds; a build keeps
 * them in the build cache on disk (src/build-cache.ts), so the next build of the book — after
 * one chapter changed — transforms only that chapter.
 */
import type { Root } from 'hast';
import { createHash } from 'node:crypto';
import type { VFile } from 'vfile';
import { VFileMessage } from 'vfile-message';
import type { BuildCache } from '../build-cache.js';
import { transformChapter, type Processor } from '../transform/processor.js';

/** What transforming a chapter leaves: its tree, its messages and its notes' definitions. */
export interface ChapterEntry {
  tree: Root;
  messages: VFile['messages'];
  definitions: VFile['data']['noteDefinitions'];
}

export interface ChapterStore {
  /** An entry's name, from everything that makes it. */
  key(inputs: string[]): string;
  get(key: string): Promise<ChapterEntry | undefined>;
  set(key: string, entry: ChapterEntry): Promise<void>;
}

/** In memory (watch): copies in, copies out (the book stage changes its trees). */
export function memoryChapters(): ChapterStore {
  const entries = new Map<string, ChapterEntry>();
  const copy = (entry: ChapterEntry): ChapterEntry => ({ tree: structuredClone(entry.tree), messages: [...entry.messages], definitions: structuredClone(entry.definitions) });
  return {
    key: (inputs) => createHash('sha256').update(JSON.stringify(inputs)).digest('hex'),
    get: async (key) => {
      const entry = entries.get(key);
      return entry && copy(entry);
    },
    set: async (key, entry) => void entries.set(key, copy(entry)),
  };
}

/** The message fields a report shows (the rest — the node, the cause — is not kept). */
const messageFields = ['reason', 'ruleId', 'source', 'place', 'fatal', 'file', 'url', 'note', 'actual', 'expected'] as const;
type PlainMessage = Partial<Record<(typeof messageFields)[number], unknown>>;

/** On disk, in the build cache: messages stored as their fields and made messages again. */
export function diskChapters(cache: BuildCache): ChapterStore {
  return {
    key: (inputs) => cache.key('chapter', ...inputs),
    get: async (key) => {
      const entry = await cache.get(key, isStored);
      return entry && { ...entry, messages: entry.messages.map(revive) };
    },
    set: (key, entry) => cache.put(key, { ...entry, messages: entry.messages.map((message) => Object.fromEntries(messageFields.map((field) => [field, message[field]]))) }),
  };
}

type StoredChapter = Omit<ChapterEntry, 'messages'> & { messages: PlainMessage[] };

/** A chapter as the cache holds it: a tree, its messages, its notes' definitions (a Map, or none). */
function isStored(value: unknown): value is StoredChapter {
  const entry = value as StoredChapter;
  return entry?.tree?.type === 'root' && Array.isArray(entry.messages) && (entry.definitions === undefined || entry.definitions instanceof Map);
}

function revive(plain: PlainMessage): VFileMessage {
  const message = new VFileMessage(String(plain.reason), { place: plain.place as VFileMessage['place'], ruleId: plain.ruleId as string, source: plain.source as string });
  return Object.assign(message, { fatal: plain.fatal, file: plain.file, url: plain.url, note: plain.note, actual: plain.actual, expected: plain.expected });
}

/** The chapter's hast: transformed, or from the store when the same text of the same file (its
 *  absolute path: `where`) was transformed with the same settings. The file's path as messages
 *  show it (relative to the folder the command ran in) is not part of the name: a build run from
 *  another folder takes the same entries, its messages with the path it shows. */
export async function transformCached(processor: Processor, file: VFile, settings: string, store: ChapterStore | undefined, where: string): Promise<Root> {
  if (!store) return transformChapter(processor, file);
  const key = store.key([settings, where, String(file.value)]);
  const entry = await store.get(key);
  if (entry) {
    for (const message of entry.messages) message.file = file.path;
    file.messages.push(...entry.messages);
    file.data.noteDefinitions = entry.definitions;
    return entry.tree;
  }
  const tree = await transformChapter(processor, file);
  await store.set(key, { tree, messages: [...file.messages], definitions: file.data.noteDefinitions });
  return tree;
}
