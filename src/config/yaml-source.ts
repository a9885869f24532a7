/**
 * YAML text → plain data, keeping positions so that every problem names its line.
 */
import { LineCounter, parseDocument, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';

export interface YamlSource {
  data: unknown;
  /** Line and column (1-based) of the value (or, with `key`, of the key) at `path`. */
  locate(path: ReadonlyArray<string | number>, key?: boolean): { line: number; column: number } | undefined;
}

/**
 * @param displayPath file name used in messages
 * @param lineOffset lines before `text` in the file (front matter starts after `---`)
 */
export function parseYaml(text: string, displayPath: string, lineOffset = 0): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const pos = lineCounter.linePos(error.pos[0]);
    const reason = error.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? 'invalid YAML';
    throw new InkstoneError(`invalid YAML: ${reason}`, {
      file: displayPath,
      line: pos.line + lineOffset,
      column: pos.col,
      ruleId: rules.configSyntax,
    });
  }
  const locate = (path: ReadonlyArray<string | number>, key = false) => {
    const offset = findOffset(doc, path, key);
    if (offset === undefined) return undefined;
    const pos = lineCounter.linePos(offset);
    return { line: pos.line + lineOffset, column: pos.col };
  };
  return { data: doc.toJS() ?? {}, locate };
}

function findOffset(doc: Document, path: ReadonlyArray<string | number>, key: boolean): number | undefined {
  let node: unknown = doc.contents;
  let keyNode: unknown;
  for (const segment of path) {
    keyNode = undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === segment);
      if (!pair) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (node && typeof node === 'object' && 'items' in node && Array.isArray(node.items) && typeof segment === 'number') {
      node = node.items[segment];
    } else break;
  }
  const target = (key && keyNode ? keyNode : node ?? keyNode) as Node | undefined;
  return target?.range?.[0];
}
