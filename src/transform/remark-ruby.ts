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
import type { Parent, PhrasingContent, RootContent, Text } from 'mdast';
import type { State } from 'mdast-util-to-hast';
import { asciiPunctuation, markdownLineEnding } from 'micromark-util-character';
import { codes } from 'micromark-util-symbol';
import type { Code, Effects, Extension, State as MicromarkState, TokenizeContext } from 'micromark-util-types';
import type { Processor } from 'unified';
import { decodeString } from 'micromark-util-decode-string';
import { toString } from 'mdast-util-to-string';

declare module 'micromark-util-types' {
  interface TokenTypeMap {
    ruby: 'ruby';
    rubyMarker: 'rubyMarker';
    rubyBar: 'rubyBar';
    rubyData: 'rubyData';
    rubyEscape: 'rubyEscape';
  }
}

declare module 'mdast' {
  /** `{base|annotation…}`: the base, then one `rubyAnnotation` per part (their text may be
   *  split by later passes: a link found in it, say). */
  interface Ruby extends Parent {
    type: 'ruby';
    children: Array<RubyBase | RubyAnnotation>;
  }
  interface RubyBase extends Parent {
    type: 'rubyBase';
    children: PhrasingContent[];
  }
  interface RubyAnnotation extends Parent {
    type: 'rubyAnnotation';
    children: PhrasingContent[];
  }
  interface PhrasingContentMap {
    ruby: Ruby;
  }
  interface RootContentMap {
    ruby: Ruby;
    rubyBase: RubyBase;
    rubyAnnotation: RubyAnnotation;
  }
}

/**
 * A character of a base or an annotation as it is: not a brace, a bar, a backslash (an escape
 * follows), a line ending or the end; nor what opens other inline syntax (emphasis, code, HTML,
 * links: `{*強*|つよ}` is emphasis, not ruby, as before).
 */
const special = new Set<Code>([codes.leftCurlyBrace, codes.rightCurlyBrace, codes.verticalBar, codes.backslash, codes.asterisk, codes.underscore, codes.graveAccent, codes.lessThan, codes.leftSquareBracket, codes.rightSquareBracket]);
const plain = (code: Code): boolean => code !== codes.eof && !markdownLineEnding(code) && !special.has(code);

/**
 * `{` base `|` annotation (once or more) `}` on one line, the base not empty. Each run of plain
 * characters is a `rubyData` token, each backslash escape a `rubyEscape` (`\|` separates, as
 * `|` does: in a table cell the bar must be escaped; `\}` is a brace), each bar a `rubyBar`.
 */
function tokenizeRuby(this: TokenizeContext, effects: Effects, ok: MicromarkState, nok: MicromarkState): MicromarkState {
  let bars = 0;
  let baseLength = 0;
  const single = (code: Code, type: 'rubyMarker' | 'rubyBar'): void => {
    effects.enter(type);
    effects.consume(code);
    effects.exit(type);
  };
  const start: MicromarkState = (code) => {
    effects.enter('ruby');
    single(code, 'rubyMarker');
    return segment;
  };
  const segment: MicromarkState = (code) => {
    if (code === codes.backslash) {
      effects.enter('rubyEscape');
      effects.consume(code);
      return escaped;
    }
    if (code === codes.verticalBar) {
      if (!bars && !baseLength) return nok(code);
      single(code, 'rubyBar');
      bars += 1;
      return segment;
    }
    if (code === codes.rightCurlyBrace && bars) {
      single(code, 'rubyMarker');
      effects.exit('ruby');
      return ok;
    }
    if (!plain(code)) return nok(code);
    effects.enter('rubyData');
    return data(code);
  };
  const data: MicromarkState = (code) => {
    if (plain(code)) {
      effects.consume(code);
      if (!bars) baseLength += 1;
      return data;
    }
    effects.exit('rubyData');
    return segment(code);
  };
  const escaped: MicromarkState = (code) => {
    if (code === codes.verticalBar) {
      if (!bars && !baseLength) return nok(code);
      bars += 1;
    } else if (!asciiPunctuation(code)) {
      effects.exit('rubyEscape');
      if (!bars) baseLength += 1;
      return segment(code);
    } else if (!bars) baseLength += 1;
    effects.consume(code);
    effects.exit('rubyEscape');
    return segment;
  };
  return start;
}

/** The syntax: a text construct at `{`. */
export function rubySyntax(): Extension {
  return { text: { [codes.leftCurlyBrace]: { name: 'ruby', tokenize: tokenizeRuby } } };
}

/** The `ruby` node from the tokens: a `rubyBase`, then a `rubyAnnotation` per bar. */
export function rubyFromMarkdown(): FromMarkdownExtension {
  const current = (context: CompileContext): Parent => {
    const ruby = context.stack[context.stack.length - 1] as Parent;
    return ruby.children[ruby.children.length - 1] as Parent;
  };
  const append = (context: CompileContext, token: MdastToken, value: string): void => {
    current(context).children.push({ type: 'text', value, position: { start: token.start, end: token.end } } as Text);
  };
  /** A bar (`|` or `\|`): the next annotation starts. */
  const annotate = (context: CompileContext): void => {
    (context.stack[context.stack.length - 1] as Parent).children.push({ type: 'rubyAnnotation', children: [] } as RootContent);
  };
  return {
    enter: {
      ruby(token) {
        this.enter({ type: 'ruby', children: [{ type: 'rubyBase', children: [] }] }, token);
      },
    },
    exit: {
      ruby(token) {
        this.exit(token);
      },
      rubyData(token) {
        append(this, token, decodeString(this.sliceSerialize(token)));
      },
      rubyEscape(token) {
        const escape = this.sliceSerialize(token);
        if (escape === '\\|') annotate(this);
        else append(this, token, decodeString(escape));
      },
      rubyBar() {
        annotate(this);
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

/** mdast → hast: the base and its annotations as they are after the passes (converted, say). */
export function rubyElement(state: State, node: PhrasingContent): Element {
  const ruby = node as import('mdast').Ruby;
  const [baseNode, ...annotations] = ruby.children;
  const base = toString(baseNode);
  const parts = annotations.map((part) => toString(part));
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
