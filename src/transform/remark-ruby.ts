/**
 * Ruby in Vivliostyle VFM's syntax, so existing manuscripts port: `{漢字|かんじ}` is one group
 * annotation; `{漢字|かん|じ}` annotates character by character when the parts match the base's
 * characters. Output is `<ruby>` with `<rp>` fallbacks for readers without ruby support.
 *
 * A micromark extension (the syntax), an mdast-util-from-markdown extension (the `ruby` node:
 * its base and each annotation as text, so the passes after it — script conversion, punctuation —
 * reach them) and an mdast → hast handler (`rubyElement`, after those passes). Being syntax, it
 * is never seen in code, and `\{漢字|かんじ}` stays as written.
 * (No maintained package reads this syntax for micromark; hand-written.)
 */
import type { Element, ElementContent } from 'hast';
import type { CompileContext, Extension as FromMarkdownExtension, Token as MdastToken } from 'mdast-util-from-markdown';
import type { Parent, PhrasingContent, Text } from 'mdast';
import type { State } from 'mdast-util-to-hast';
import { markdownLineEnding } from 'micromark-util-character';
import { codes } from 'micromark-util-symbol';
import type { Code, Effects, Extension, State as MicromarkState, TokenizeContext } from 'micromark-util-types';
import type { Processor } from 'unified';
import { decodeString } from 'micromark-util-decode-string';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    ruby: 'ruby';
    rubyMarker: 'rubyMarker';
    rubyBar: 'rubyBar';
    rubyBase: 'rubyBase';
    rubyText: 'rubyText';
  }
}

declare module 'mdast' {
  /** `{base|annotation…}`: children are the base's text, then one `rubyAnnotation` per part. */
  interface Ruby extends Parent {
    type: 'ruby';
    children: Array<Text | RubyAnnotation>;
  }
  interface RubyAnnotation extends Parent {
    type: 'rubyAnnotation';
    children: Text[];
  }
  interface PhrasingContentMap {
    ruby: Ruby;
  }
  interface RootContentMap {
    ruby: Ruby;
    rubyAnnotation: RubyAnnotation;
  }
}

/** A character of a base or an annotation: not a brace, a bar, a line ending or the end. */
const plain = (code: Code): boolean =>
  code !== codes.eof && code !== codes.leftCurlyBrace && code !== codes.rightCurlyBrace && code !== codes.verticalBar && !markdownLineEnding(code);

/** `{` base (one character or more) then `|` annotation, once or more, then `}`; one line. */
function tokenizeRuby(this: TokenizeContext, effects: Effects, ok: MicromarkState, nok: MicromarkState): MicromarkState {
  const marker = (code: Code, type: 'rubyMarker' | 'rubyBar' = 'rubyMarker'): void => {
    effects.enter(type);
    effects.consume(code);
    effects.exit(type);
  };
  const start: MicromarkState = (code) => {
    effects.enter('ruby');
    marker(code);
    return baseStart;
  };
  const baseStart: MicromarkState = (code) => {
    if (!plain(code)) return nok(code);
    effects.enter('rubyBase');
    return base(code);
  };
  const base: MicromarkState = (code) => {
    if (plain(code)) {
      effects.consume(code);
      return base;
    }
    effects.exit('rubyBase');
    return code === codes.verticalBar ? bar(code) : nok(code);
  };
  // (an annotation may be empty: `{漢字|}`; micromark has no empty tokens, so the bar opens it)
  const bar: MicromarkState = (code) => {
    marker(code, 'rubyBar');
    return textStart;
  };
  const textStart: MicromarkState = (code) => {
    if (!plain(code)) return textEnd(code);
    effects.enter('rubyText');
    return text(code);
  };
  const text: MicromarkState = (code) => {
    if (plain(code)) {
      effects.consume(code);
      return text;
    }
    effects.exit('rubyText');
    return textEnd(code);
  };
  const textEnd: MicromarkState = (code) => {
    if (code === codes.verticalBar) return bar(code);
    if (code !== codes.rightCurlyBrace) return nok(code);
    marker(code);
    effects.exit('ruby');
    return ok;
  };
  return start;
}

/** The syntax: a text construct at `{`. */
export function rubySyntax(): Extension {
  return { text: { [codes.leftCurlyBrace]: { name: 'ruby', tokenize: tokenizeRuby } } };
}

/** The `ruby` node from the tokens. */
export function rubyFromMarkdown(): FromMarkdownExtension {
  const textNode = (context: CompileContext, token: MdastToken): Text => ({
    type: 'text',
    value: decodeString(context.sliceSerialize(token)),
    position: { start: token.start, end: token.end },
  });
  return {
    enter: {
      ruby(token) {
        this.enter({ type: 'ruby', children: [] }, token);
      },
    },
    exit: {
      ruby(token) {
        this.exit(token);
      },
      rubyBase(token) {
        (this.stack[this.stack.length - 1] as Parent).children.push(textNode(this, token));
      },
      rubyBar() {
        (this.stack[this.stack.length - 1] as Parent).children.push({ type: 'rubyAnnotation', children: [] });
      },
      rubyText(token) {
        const ruby = this.stack[this.stack.length - 1] as Parent;
        (ruby.children[ruby.children.length - 1] as Parent).children.push(textNode(this, token));
      },
    },
  };
}

/** The ruby's parts: `（annotation）` in `<rp>`/`<rt>`. */
function annotation(text: string): ElementContent[] {
  return [
    { type: 'element', tagName: 'rp', properties: {}, children: [{ type: 'text', value: '（' }] },
    { type: 'element', tagName: 'rt', properties: {}, children: [{ type: 'text', value: text }] },
    { type: 'element', tagName: 'rp', properties: {}, children: [{ type: 'text', value: '）' }] },
  ];
}

const textOf = (node: Parent | Text | undefined): string =>
  !node ? '' : node.type === 'text' ? (node as Text).value : (node as Parent).children.map((child) => textOf(child as Parent | Text)).join('');

/** mdast → hast: the base and its annotations as they are after the passes (converted, say). */
export function rubyElement(state: State, node: PhrasingContent): Element {
  const ruby = node as import('mdast').Ruby;
  const [baseNode, ...annotations] = ruby.children;
  const base = textOf(baseNode);
  const parts = annotations.map((part) => textOf(part));
  const chars = [...base];
  const children: ElementContent[] =
    parts.length > 1 && parts.length === chars.length
      ? chars.flatMap((char, i) => [{ type: 'text', value: char } as ElementContent, ...annotation(parts[i] ?? '')])
      : [{ type: 'text', value: base }, ...annotation(parts.join(''))];
  const result: Element = { type: 'element', tagName: 'ruby', properties: {}, children };
  state.patch(ruby, result);
  return result;
}

/** The unified plugin: the syntax and the node, for remark-parse. */
export default function remarkRuby(this: Processor): void {
  const data = this.data();
  (data.micromarkExtensions ??= []).push(rubySyntax());
  (data.fromMarkdownExtensions ??= []).push(rubyFromMarkdown());
}
