/**
 * The house rules of src/, read with TypeScript's own parser: files short enough to read in one
 * sitting, functions short enough to hold in one's head, and folders that import one another in
 * one direction only (manuscript → transform → book → renderers; the root's build.ts on top).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/cli.js';

const src = path.join(repoRoot, 'src');
const maxFileLines = 300;
const maxFunctionLines = 60;
/** The PDF stage, split at its seams (issue 20), stays finer: 250 and 50. */
const pdfLimits = { file: 250, function: 50 };
const inPdf = (name: string) => name.startsWith(`pdf${path.sep}`);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

const files = sources(src).map((file) => ({ file, name: path.relative(src, file), text: readFileSync(file, 'utf8') }));

/** Functions (declarations, methods, arrows, expressions) longer than the limit, by line count
 *  of their whole text. */
function longFunctions(name: string, text: string, limit = inPdf(name) ? pdfLimits.function : maxFunctionLines): string[] {
  const source = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.end).line;
      const label = node.name?.getText(source) ?? '(anonymous)';
      if (last - first + 1 > limit) found.push(`${name}:${first + 1} ${label}: ${last - first + 1} lines`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The folder a module belongs to: its first folder under src/, or the root file itself. */
const unit = (name: string): string => name.split(path.sep)[0] as string;

/** Folder → folders it imports (type-only imports count: they tie the folders as much). */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const { file, name, text } of files) {
    for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = path.relative(src, path.resolve(path.dirname(file), fileName)).replace(/\.js$/, '.ts');
      const [from, to] = [unit(name), unit(target)];
      if (from === to) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      edges.set(to, `${name} → ${target}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** A path from `to` back to `from` through the graph, if there is one. */
function pathBack(graph: Map<string, Map<string, string>>, from: string, to: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (node: string, trail: string[]): string[] | undefined => {
    if (node === from) return trail;
    if (seen.has(node)) return undefined;
    seen.add(node);
    for (const [next, why] of graph.get(node) ?? []) {
      const found = walk(next, [...trail, why]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(to, []);
}

describe('the house', () => {
  it(`no file in src/ is over ${maxFileLines} lines (${pdfLimits.file} in src/pdf/)`, () => {
    const long = files
      .map(({ name, text }) => ({ name, lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0) }))
      .filter(({ name, lines }) => lines > (inPdf(name) ? pdfLimits.file : maxFileLines));
    expect(long.map(({ name, lines }) => `${name}: ${lines} lines`)).toEqual([]);
  });

  it(`no function in src/ is over ${maxFunctionLines} lines (${pdfLimits.function} in src/pdf/)`, () => {
    expect(files.flatMap(({ name, text }) => longFunctions(name, text))).toEqual([]);
  });

  it('no two folders of src/ import each other, directly or round about', () => {
    const graph = folderGraph();
    const cycles: string[] = [];
    for (const [from, edges] of graph)
      for (const [to, why] of edges) {
        const back = pathBack(graph, from, to);
        if (back) cycles.push([why, ...back].join('  ⟶  '));
      }
    expect(cycles).toEqual([]);
  });

  it('the checks see what they should (a sanity check of the readers above)', () => {
    expect(longFunctions('x.ts', `function f() {\n${'  g();\n'.repeat(70)}}\n`)).toHaveLength(1);
    expect(longFunctions(path.join('pdf', 'x.ts'), `function f() {\n${'  g();\n'.repeat(55)}}\n`)).toHaveLength(1);
    expect(folderGraph().get('cli')?.has('build.ts')).toBe(true);
  });
});
