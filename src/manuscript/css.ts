/**
 * A manuscript's own CSS (book.yaml's `css`, `epub.css`, `pdf.css`, a theme folder's sheets),
 * read with css-tree as a browser would read it, and made fit for a book: nothing may load from
 * outside it (a remote `@import`, `url(http…)`: removed, with a warning), faces come through
 * `font.*` (an `@font-face` is removed: Inkstone subsets and embeds faces itself), a local
 * `@import` is read in its place (confined to the manuscript like every path), and a syntax
 * error stops the build at its file and line. Declarations the CSS grammar does not know are
 * warned about (a misspelt property silently does nothing in a browser).
 */
import path from 'node:path';
import * as csstree from 'css-tree';
import type { VFile } from 'vfile';
import { InkstoneError } from '../diagnostics/errors.js';
import { rules } from '../diagnostics/rules.js';

export interface CssSource {
  /** Real path (confined). */
  path: string;
  /** As shown in messages. */
  display: string;
  text: string;
}

export interface CleanCss {
  css: string;
  /** Class names its selectors use: raw HTML may keep them (transform/sanitize-schema.ts). */
  classes: Set<string>;
}

/** Reads a sheet an `@import` names, relative to the importing sheet's folder (confined). */
export type ReadImport = (written: string, fromDir: string) => Promise<CssSource>;

/** Anything that reads as an address: a scheme (`http:`, `file:`) or `//host`. */
const address = /^\s*(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
/** Data a sheet may carry inline (no request). */
const inlineImage = /^\s*data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i;
/** Paged media CSS that Paged.js reads and css-tree's grammar does not know. */
const pagedProperties = new Set(['string-set', 'footnote-display', 'footnote-policy', 'bookmark-level', 'bookmark-label', 'bookmark-state', 'page', 'bleed', 'marks']);
/** CSS functions that load something (their names decoded: `\\75rl(` is `url(`). */
const loaders = new Set(['url', 'src', 'image', 'image-set', '-webkit-image-set', 'cross-fade', '-webkit-cross-fade', 'element', '-moz-element']);
/** What ran code in old browsers: never in a book. */
const codeProperties = new Set(['behavior', '-moz-binding']);

const place = (node: csstree.CssNode) => (node.loc ? { line: node.loc.start.line, column: node.loc.start.column } : undefined);

function importTarget(node: csstree.Atrule): string | undefined {
  let target: string | undefined;
  if (node.prelude)
    csstree.walk(node.prelude, (child) => {
      if (target === undefined && (child.type === 'Url' || child.type === 'String')) target = child.value;
    });
  return target;
}

type Warn = (message: string, node: csstree.CssNode, ruleId?: string) => void;

/** The sheet cleaned, with the sheets it imports (cleaned too) in front of it. */
export async function cleanCss(source: CssSource, file: VFile, readImport: ReadImport, seen = new Set<string>()): Promise<CleanCss> {
  seen.add(source.path);
  const warn: Warn = (message, node, ruleId = rules.cssRefused) => file.message(message, { place: place(node), ruleId, source: 'inkstone' });
  const ast = parseSheet(source);
  const { doomed, imports, classes } = judged(ast, warn);
  // What is left is checked against the CSS grammar.
  csstree.walk(ast, function (this: csstree.WalkContext, node: csstree.CssNode) {
    // (descriptors of @property, @page, @counter-style … are not properties)
    const inside = this.atrule ? csstree.ident.decode(this.atrule.name).toLowerCase() : '';
    if (node.type === 'Declaration' && !doomed.has(node) && !(this.atrule && doomed.has(this.atrule)) && (!inside || groupRules.has(inside))) checkDeclaration(node, warn);
  });
  csstree.walk(ast, {
    enter(node: csstree.CssNode, item: csstree.ListItem<csstree.CssNode> | undefined, list: csstree.List<csstree.CssNode> | undefined) {
      if (doomed.has(node) && item && list) list.remove(item);
    },
  });
  let before = '';
  for (const node of imports) {
    const nested = await importedSheet(node, source, file, readImport, seen);
    if (!nested) continue;
    before += nested.css + '\n';
    for (const name of nested.classes) classes.add(name);
  }
  let css = csstree.generate(ast);
  // Whatever the rules above missed (a url() in an @supports condition …): a sheet that still
  // names something to load is dropped whole.
  if (/url\(\s*['"]?\s*(?!data:image\/)|\\|@import/i.test(css.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) {
    file.message('the whole sheet removed: it still names something to load, written in a way Inkstone does not read', { place: { line: 1, column: 1 }, ruleId: rules.cssRefused, source: 'inkstone' });
    css = '';
  }
  return { css: before + css, classes };
}

/** The sheet's tree; a syntax error stops the build at its place. */
function parseSheet(source: CssSource): csstree.CssNode {
  let syntax: { message: string; line: number; column: number } | undefined;
  const ast = csstree.parse(source.text, {
    positions: true,
    filename: source.display,
    onParseError: (error: { message: string; line: number; column: number }) => {
      syntax ??= error;
    },
  });
  if (syntax) throw new InkstoneError(`CSS syntax: ${syntax.message}`, { file: source.display, line: syntax.line, column: syntax.column, ruleId: rules.cssSyntax });
  return ast;
}

/** What is to be removed (each with its warning), the local imports, the classes used. */
function judged(ast: csstree.CssNode, warn: Warn) {
  const doomed = new Set<csstree.CssNode>();
  const imports: csstree.Atrule[] = [];
  const classes = new Set<string>();
  csstree.walk(ast, function (this: csstree.WalkContext, node: csstree.CssNode) {
    const around: csstree.CssNode | undefined = this.declaration ?? this.atrule ?? this.rule ?? undefined;
    if (node.type === 'ClassSelector') classes.add(node.name);
    // Inside what is removed already: nothing more to say.
    if (node !== this.atrule && this.atrule && doomed.has(this.atrule)) return;
    if (node !== this.declaration && this.declaration && doomed.has(this.declaration)) return;
    const name = 'name' in node && typeof node.name === 'string' ? csstree.ident.decode(node.name).toLowerCase() : '';
    if (node.type === 'Atrule' && name === 'import') {
      doomed.add(node);
      const target = importTarget(node);
      if (target === undefined || address.test(target)) warn(`@import of ${target ?? 'nothing'} removed: a book carries its styles; copy the sheet into the manuscript`, node);
      else if (conditional(node)) warn(`@import of ${target} with a condition removed: put the condition (@media, @supports) around the rules in the sheet, or name it in pdf.css / epub.css`, node);
      else imports.push(node);
      return;
    }
    const refused = refusal(node, name, around, doomed);
    if (!refused) return;
    doomed.add(refused.remove);
    warn(refused.message, node);
  });
  return { doomed, imports, classes };
}

/** Why a node (and what around it) is removed: faces, loads, code; undefined if it stays. */
function refusal(node: csstree.CssNode, name: string, around: csstree.CssNode | undefined, doomed: Set<csstree.CssNode>): { remove: csstree.CssNode; message: string } | undefined {
  if (node.type === 'Atrule' && name === 'font-face') {
    return { remove: node, message: '@font-face removed: name the face in book.yaml (font.body, font.heading, font.quote, font.code), so that it is subset and embedded as TrueType' };
  }
  if (node.type === 'Url' && !inlineImage.test(node.value) && around && !doomed.has(around)) {
    const message = address.test(node.value)
      ? `url(${node.value.slice(0, 60)}) removed: a book loads nothing from outside it`
      : `url(${node.value.slice(0, 60)}) removed: a manuscript’s CSS cannot bring files yet (images go in the text, faces in font.*)`;
    return { remove: around, message };
  }
  if (node.type === 'Function' && name === 'expression' && around) return { remove: around, message: 'expression() removed: a book runs no code' };
  if (node.type === 'Function' && loaders.has(name) && around && !doomed.has(around)) {
    // url() written as a function (escaped: `\\75rl(`), image-set("…"), element(#id) …: what
    // they name is not checked piece by piece; only an inline image stays.
    const strings: string[] = [];
    csstree.walk(node, (child) => {
      if (child.type === 'String' || child.type === 'Url') strings.push(child.value);
    });
    if (name === 'element' || name === '-moz-element' || !strings.every((value) => inlineImage.test(value))) return { remove: around, message: `${name}(…) removed: a book loads nothing from outside it` };
    return undefined;
  }
  if (node.type === 'Raw' && around && /url|image|\\|@import|\/\//i.test(node.value)) {
    // what css-tree could not read as CSS, and could hide a reference
    return { remove: around, message: 'CSS that could not be read removed' };
  }
  if (node.type === 'Declaration' && codeProperties.has(csstree.ident.decode(node.property).toLowerCase())) return { remove: node, message: `${node.property} removed: a book runs no code` };
  if (node.type === 'Declaration' && machineFace(node)) {
    return {
      remove: node,
      message: `${node.property}: ${csstree.generate(node.value).slice(0, 60)} removed: a face from the machine would print as Type 3 or differ between machines; choose faces with font.body, font.heading, font.quote, font.code, and use var(--ink-font-body) (…) here`,
    };
  }
  return undefined;
}

/** A local @import, read and cleaned in place (undefined: read before, in this sheet's chain). */
async function importedSheet(node: csstree.Atrule, source: CssSource, file: VFile, readImport: ReadImport, seen: Set<string>): Promise<CleanCss | undefined> {
  const target = importTarget(node) as string;
  let imported: CssSource;
  try {
    imported = await readImport(target, path.dirname(source.path));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InkstoneError(reason, { file: source.display, ...place(node), ruleId: rules.styleMissing });
  }
  if (seen.has(imported.path)) return undefined;
  return cleanCss(imported, file, readImport, seen);
}

/** Conditional group rules: their declarations are properties. */
const groupRules = new Set(['media', 'supports', 'layer', 'container', 'scope', 'document']);

/** An @import with media queries, supports() or layer(): its condition would be lost inlined. */
function conditional(node: csstree.Atrule): boolean {
  let parts = 0;
  if (node.prelude) csstree.walk(node.prelude, { visit: 'MediaQueryList', enter: () => void (parts += 1) });
  return parts > 0 || /\b(supports|layer)\s*\(|\blayer\b/i.test(node.prelude ? csstree.generate(node.prelude) : '');
}

/** Families a book's faces are not: the machine's (a name), or a generic family alone. The
 *  book's faces are the --ink-font-* properties and Inkstone's own families. */
function machineFace(node: csstree.Declaration): boolean {
  const property = csstree.ident.decode(node.property).toLowerCase();
  if (property !== 'font-family' && property !== 'font') return false;
  const value = csstree.generate(node.value).trim();
  if (/^(inherit|initial|unset|revert|revert-layer)$/i.test(value)) return false;
  if (property === 'font' && /^(caption|icon|menu|message-box|small-caption|status-bar)$/i.test(value)) return true;
  return !/^var\(--ink-font-|^"?Inkstone /.test(property === 'font' ? (value.match(/(var\(--ink-font-[\w-]+\)|"Inkstone [^"]*"|[^\s,]+)\s*(,.*)?$/)?.[0] ?? value) : value);
}

/** A declaration the grammar does not know, or whose value it cannot match: warned about. */
function checkDeclaration(node: csstree.Declaration, warn: (message: string, node: csstree.CssNode, ruleId?: string) => void): void {
  const property = node.property.toLowerCase();
  if (property.startsWith('-') || pagedProperties.has(property)) return;
  const value = csstree.generate(node.value);
  if (/\bvar\(|\b(footnote|running)\b/i.test(value)) return;
  const { error } = csstree.lexer.matchDeclaration(node) as { error?: Error | null };
  if (!error) return;
  if (error.name === 'SyntaxReferenceError') warn(`unknown property “${node.property}”: a browser ignores it`, node, rules.cssInvalid);
  else warn(`“${node.property}: ${value.slice(0, 60)}” is not a valid value: a browser ignores it`, node, rules.cssInvalid);
}
