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

/** A reference that stays inside the file: `#id`, or image data. */
const local = (url: string) => /^\s*(#|data:image\/(png|jpeg|gif|webp|svg\+xml)[;,])/i.test(url);

/** `url(…)` in CSS (attributes like `fill="url(#g)"` and style sheets) that leaves the file. */
function externalUrls(css: string, context: 'stylesheet' | 'declarationList' | 'value'): { css: string; removed: string[] } {
  const removed: string[] = [];
  let ast: csstree.CssNode;
  try {
    ast = csstree.parse(css, { context, parseValue: true, parseCustomProperty: false });
  } catch {
    return { css: '', removed: ['a style sheet that could not be read'] };
  }
  csstree.walk(ast, {
    enter(this: csstree.WalkContext, node: csstree.CssNode, item: csstree.ListItem<csstree.CssNode> | undefined, list: csstree.List<csstree.CssNode> | undefined) {
      if (this.atrule?.name.toLowerCase() === 'import') return;
      if (node.type === 'Atrule' && node.name.toLowerCase() === 'import' && list && item) {
        removed.push('an @import of another style sheet');
        list.remove(item);
      } else if (node.type === 'Url' && !local(node.value)) {
        removed.push(`a reference to ${node.value.slice(0, 60)}`);
        // Pointed at nothing in the file: a paint or filter that is not there draws nothing.
        node.value = '#inkstone-removed';
      } else if (node.type === 'Declaration' && node.property.toLowerCase() === 'enable-background' && list && item) {
        list.remove(item);
      }
    },
  });
  return { css: csstree.generate(ast), removed };
}

function detach(node: XastElement, parent: XastParent): void {
  parent.children = parent.children.filter((child) => child !== node);
}

/** Scripts, handlers, foreign content and outside references: removed, each one recorded. */
function unsafe(removed: Removed): CustomPlugin {
  return {
    name: 'inkstoneUnsafe',
    fn: () => ({
      element: {
        enter(node, parent) {
          const name = node.name.toLowerCase();
          if (name === 'script' || name.endsWith(':script')) {
            removed.add('a script');
            detach(node, parent);
            return;
          }
          if (name === 'foreignobject') {
            removed.add('foreign content (foreignObject)');
            detach(node, parent);
            return;
          }
          for (const [attribute, value] of Object.entries(node.attributes)) {
            const key = attribute.toLowerCase();
            if (/^on[a-z]+$/.test(key)) {
              removed.add(`an event handler (${attribute})`);
              delete node.attributes[attribute];
            } else if ((key === 'href' || key.endsWith(':href') || key === 'src') && !local(value)) {
              removed.add(`a reference to ${value.trim().slice(0, 60)}`);
              delete node.attributes[attribute];
            } else if (key === 'enable-background') {
              delete node.attributes[attribute];
            } else if (key === 'style' || /url\(/i.test(value)) {
              const cleaned = externalUrls(value, key === 'style' ? 'declarationList' : 'value');
              cleaned.removed.forEach((what) => removed.add(what));
              if (cleaned.css.trim()) node.attributes[attribute] = cleaned.css;
              else delete node.attributes[attribute];
            }
          }
          if (name === 'style') {
            for (const child of node.children) {
              if (child.type !== 'text' && child.type !== 'cdata') continue;
              const cleaned = externalUrls(child.value, 'stylesheet');
              cleaned.removed.forEach((what) => removed.add(what));
              child.value = cleaned.css;
            }
          }
        },
      },
    }),
  };
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
