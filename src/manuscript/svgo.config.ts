/**
 * How every SVG is made fit for a book (svgo; used by svg.ts). Cleaning, not optimizing: no
 * plugin here moves a point or merges a path, so a drawing prints as its author drew it.
 *
 * - editors' leftovers that EPUBCheck's SVG schema rejects: the DOCTYPE (its external entities),
 *   Inkscape's, Sodipodi's and Illustrator's namespaces and their elements (`sodipodi:namedview`,
 *   Illustrator's `i:pgf` with the whole drawing again in base64), metadata, comments,
 *   `enable-background` (an SVG 1.1 attribute no browser ever implemented);
 * - anything that runs or reaches out (`unsafe`, below): scripts, event handlers,
 *   `foreignObject`, references to other files or to the network in attributes and in `<style>`
 *   (`@import`, `url(http…)`), each removed and reported by what it was.
 */
import * as csstree from 'css-tree';
import type { Config, CustomPlugin, XastElement, XastParent } from 'svgo';

/** What `unsafe` removed, in words for the warning ("a script", "an event handler (onclick)"). */
export type Removed = Set<string>;

/** A reference that stays inside the file: `#id`, or raster image data (an SVG in a data: URL
 *  would be a document of its own, uncleaned). */
const local = (url: string) => /^\s*(#|data:image\/(png|jpeg|gif|webp)[;,])/i.test(url);

/** Anything that reads as an address: a scheme (`http:`, `javascript:`) or `//host`. */
const address = /(^|[\s"'(,])(?:[a-z][a-z0-9+.-]*:(?!\s)|\/\/)/i;

/** CSS functions that load something. */
const loaders = new Set(['url', 'src', 'image', 'image-set', '-webkit-image-set', 'cross-fade', 'element']);

/**
 * CSS (a `<style>` sheet, a `style` attribute or a presentation attribute's value) without
 * anything that loads from outside the file. Parsed with css-tree, and whatever could load is
 * removed with the declaration, rule or at-rule around it: `url()` and the loading functions
 * (also written with escapes, `\75rl(`), strings that are addresses (`image-set("http…")`,
 * `@import "…"`), and what css-tree could not parse (raw text). A sheet that still shows an
 * escape or an address after that is dropped whole.
 */
function safeCss(css: string, context: 'stylesheet' | 'declarationList' | 'value'): { css: string; removed: string[] } {
  const removed: string[] = [];
  let ast: csstree.CssNode;
  try {
    ast = csstree.parse(css, { context, parseValue: true, parseCustomProperty: false });
  } catch {
    return { css: '', removed: ['a style sheet that could not be read'] };
  }
  const doomed = new Set<csstree.CssNode>();
  csstree.walk(ast, function (this: csstree.WalkContext, node: csstree.CssNode) {
    let unsafe: string | undefined;
    if (node.type === 'Atrule' && ['import', 'namespace'].includes(csstree.ident.decode(node.name).toLowerCase())) unsafe = node.name.toLowerCase() === 'import' ? 'an @import of another style sheet' : `an @${node.name}`;
    else if (node.type === 'Url' && !local(node.value)) unsafe = `a reference to ${node.value.slice(0, 60)}`;
    else if (node.type === 'Function' && loaders.has(csstree.ident.decode(node.name).toLowerCase()) && node.name !== 'url') unsafe = `a ${csstree.ident.decode(node.name)}() reference`;
    else if (node.type === 'String' && address.test(node.value)) unsafe = `a reference to ${node.value.slice(0, 60)}`;
    else if (node.type === 'Raw' && (/url|image|\\|@/i.test(node.value) || address.test(node.value))) unsafe = 'CSS that could not be read';
    if (node.type === 'Declaration' && node.property.toLowerCase() === 'enable-background') doomed.add(node);
    if (!unsafe) return;
    removed.push(unsafe);
    const around = this.declaration ?? this.rule ?? this.atrule ?? (node.type === 'Atrule' ? node : undefined);
    if (around) doomed.add(around);
    else if (node.type === 'Url') node.value = '#inkstone-removed';
  });
  csstree.walk(ast, {
    enter(node: csstree.CssNode, item: csstree.ListItem<csstree.CssNode> | undefined, list: csstree.List<csstree.CssNode> | undefined) {
      if (doomed.has(node) && item && list) list.remove(item);
    },
  });
  let result = csstree.generate(ast);
  if (/\\|@import/i.test(result) || /url\(\s*['"]?\s*(?!#)/i.test(result)) {
    removed.push('a style sheet that could not be made safe');
    result = '';
  }
  return { css: result, removed };
}

function detach(node: XastElement, parent: XastParent): void {
  parent.children = parent.children.filter((child) => child !== node);
}

/** Elements that run, animate or embed: a book's images are still pictures. */
const refusedElements = new Map([
  ['script', 'a script'],
  ['handler', 'a script'],
  ['foreignobject', 'foreign content (foreignObject)'],
  ['set', 'an animation'],
  ['animate', 'an animation'],
  ['animatemotion', 'an animation'],
  ['animatetransform', 'an animation'],
  ['animatecolor', 'an animation'],
  ['discard', 'an animation'],
]);

/** Presentation attributes whose CSS value may load something (`fill="url(…)"`). */
const cssValued = new Set(['fill', 'stroke', 'clip-path', 'mask', 'filter', 'marker', 'marker-start', 'marker-mid', 'marker-end', 'cursor', 'color-profile']);

/** Elements whose content is text. */
const textParents = new Set(['text', 'tspan', 'textpath', 'title', 'desc', 'style']);

/** Text or CDATA outside the elements whose content is text: removed. */
function dropStrayText(node: { type: string }, parent: XastParent): void {
  const name = parent.type === 'element' ? parent.name.replace(/^svg:/, '').toLowerCase() : '';
  if (!textParents.has(name)) detach(node as unknown as XastElement, parent);
}

/** Attributes with a namespace prefix that SVG itself uses. */
const svgPrefixed = new Set(['xlink:href', 'xlink:title', 'xml:space', 'xml:lang', 'xmlns:xlink']);

/**
 * An allow-list over the parsed tree: SVG elements that draw, attributes that reference only
 * the file itself. Removed, each one recorded: scripts, handlers, animations, foreignObject and
 * elements of other namespaces (XHTML's iframe, object, link), processing instructions
 * (`<?xml-stylesheet?>`), `xml:base`, `srcset`, `ping`, and references outside the file in
 * `href`, `src` and CSS (style sheets, `style` and the presentation attributes that take `url()`).
 */
function unsafe(removed: Removed): CustomPlugin {
  return {
    name: 'inkstoneUnsafe',
    fn: () => {
      // An id given twice is not XML (EPUBCheck RSC-005); references find the first, as in a browser.
      const ids = new Set<string>();
      return {
        // Text outside text elements (a hand-written file's stray words) is not SVG: EPUBCheck
        // rejects it, and nothing shows it.
        text: { enter: dropStrayText },
        cdata: { enter: dropStrayText },
        instruction: {
          enter(node, parent) {
            if (node.name.toLowerCase() !== 'xml') removed.add(`a processing instruction (<?${node.name}?>)`);
            detach(node as unknown as XastElement, parent);
          },
        },
        element: { enter: (node, parent) => cleanElement(node, parent, removed, ids) },
      };
    },
  };
}

type Parent = Parameters<typeof detach>[1];

/** One element: refused whole, or its attributes and style sheets cleaned. */
function cleanElement(node: XastElement, parent: Parent, removed: Removed, ids: Set<string>): void {
  // Some tools write SVG's own elements with a prefix (`<svg:rect>`).
  if (node.name.startsWith('svg:')) node.name = node.name.slice(4);
  const name = node.name.toLowerCase();
  const refused = refusedElements.get(name.replace(/^.*:/, ''));
  if (refused || name.includes(':')) {
    removed.add(refused ?? `an element of another language (${node.name})`);
    detach(node, parent);
    return;
  }
  for (const [attribute, value] of Object.entries(node.attributes)) cleanAttribute(node, attribute, value, removed);
  const id = node.attributes['id'];
  if (id !== undefined) {
    if (ids.has(id)) delete node.attributes['id'];
    ids.add(id);
  }
  // Links do nothing in an image (an <img> in the EPUB, print): a group, with no address.
  if (name === 'a') {
    node.name = 'g';
    for (const key of ['href', 'xlink:href', 'target']) delete node.attributes[key];
  }
  if (name === 'style') {
    for (const child of node.children) {
      if (child.type !== 'text' && child.type !== 'cdata') continue;
      const cleaned = safeCss(child.value, 'stylesheet');
      cleaned.removed.forEach((what) => removed.add(what));
      child.value = cleaned.css;
    }
  }
}

function cleanAttribute(node: XastElement, attribute: string, value: string, removed: Removed): void {
  const key = attribute.toLowerCase();
  const drop = (what: string | undefined) => {
    if (what) removed.add(what);
    delete node.attributes[attribute];
  };
  if (/^on/.test(key)) drop(`an event handler (${attribute})`);
  else if (key.startsWith('xmlns')) return;
  else if (key.includes(':') && !svgPrefixed.has(key)) drop(key === 'xml:base' ? `a base address (${value.slice(0, 60)})` : undefined);
  else if (key === 'srcset' || key === 'ping') drop(`a reference to ${value.trim().slice(0, 60)}`);
  else if (key === 'href' || key === 'xlink:href' || key === 'src') {
    if (!local(value)) drop(`a reference to ${value.trim().slice(0, 60)}`);
  } else if (key === 'enable-background') drop(undefined);
  else if (key === 'style' || (cssValued.has(key) && /url|\\|image|\/\//i.test(value))) {
    const cleaned = safeCss(value, key === 'style' ? 'declarationList' : 'value');
    cleaned.removed.forEach((what) => removed.add(what));
    if (cleaned.css.trim()) node.attributes[attribute] = cleaned.css;
    else delete node.attributes[attribute];
  }
}

export function svgoConfig(removed: Removed): Config {
  return {
    multipass: false,
    js2svg: { pretty: false },
    plugins: [
      'removeDoctype',
      'removeXMLProcInst',
      'removeComments',
      'removeMetadata',
      'removeEditorsNSData',
      unsafe(removed),
      'removeScripts', // behind ours, in case a way in is missed there
      { name: 'removeUnknownsAndDefaults', params: { keepDataAttrs: false, keepAriaAttrs: true, keepRoleAttr: true, defaultAttrs: false, uselessOverrides: false } },
      'removeUnusedNS',
    ],
  };
}
