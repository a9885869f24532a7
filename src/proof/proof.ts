/**
 * `inkstone proof`: reads a built PDF back and reports what a press would reject, page by page.
 * Findings name the manuscript file and line where their text is found, the page always.
 */
import { VFile } from 'vfile';
import { createContext, type Finding } from './context.js';
import { locate } from './locate.js';
import { readProofPdf } from './read-pdf.js';
import { blankGlyphs, contents, lowResolution, notesAway, overflow, runningHeads, type3Fonts } from './rules-page.js';
import { smallHeadings, strandedHeadings, strandedLeadIns, unbalancedHeadings } from './rules-headings.js';
import { kinsoku, shortPageEnds, singleCharLines, stretchedLines, tableRowsSplit, widowsAndOrphans } from './rules-text.js';
import { textContinuity } from './rules-flow.js';
import { loadObjects, readStructure } from './structure.js';
import { isPressPdf, pressFindings } from './press.js';
import type { Margins } from '../pdf/geometry.js';
import { proofRules, thresholds, type ProofRule, type Severity } from './thresholds.js';

export interface ProofOptions {
  /** The book is set vertically (vertical-rl). */
  vertical: boolean;
  /** Heading levels in the contents (`toc-depth`, default 2). */
  tocDepth?: number;
  /** The page margins the book was laid out with (default: Inkstone's). */
  margins?: Margins | undefined;
  /** The book's text in reading order (book/texts.ts `flowText`): pages are read against it. */
  bookText?: string | undefined;
  /** Manuscript files to find the findings' text in (path as shown, and text). */
  sources?: VFile[];
  /** How the PDF is named in messages that no manuscript line can be found for. */
  pdfName: string;
}

export interface ProofFinding {
  rule: ProofRule;
  severity: Severity;
  page: number;
  message: string;
  file: string;
  line?: number;
  column?: number;
}

const rules = [runningHeads, overflow, lowResolution, type3Fonts, stretchedLines, strandedHeadings, strandedLeadIns, smallHeadings, unbalancedHeadings, widowsAndOrphans, shortPageEnds, singleCharLines, kinsoku, tableRowsSplit, blankGlyphs, notesAway, contents, textContinuity];
/**
 * Rules that measure lines across the page (spacing, widths, table rows, the contents' leaders),
 * and so only horizontal books for now. The others read vertical books' columns too (lines.ts).
 */
const horizontalOnly = new Set<(typeof rules)[number]>([stretchedLines, widowsAndOrphans, shortPageEnds, tableRowsSplit, contents]);

export interface ProofResult {
  pages: number;
  findings: ProofFinding[];
}

export async function proofPdf(data: Uint8Array, options: ProofOptions): Promise<ProofResult> {
  // Both readers take their own copy (pdf.js transfers the buffer it is given).
  const [pdf, objects] = await Promise.all([readProofPdf(data.slice()), loadObjects(data.slice())]);
  const ctx = createContext(pdf, readStructure(objects), options.vertical, options.tocDepth, options.margins, options.bookText);
  // A press PDF: the press's checks, and what its pages draw (the layout is the screen PDF's).
  const findings: Finding[] = isPressPdf(objects)
    ? [...pressFindings(objects), ...type3Fonts(ctx), ...blankGlyphs(ctx), ...lowResolution(ctx, thresholds.pressPpi, false)]
    : rules.filter((rule) => !options.vertical || !horizontalOnly.has(rule)).flatMap((rule) => rule(ctx));
  findings.sort((a, b) => a.page - b.page);
  const sources = options.sources ?? [];
  const located = findings.map((f): ProofFinding => {
    const place = f.text ? locate(sources, f.text) : undefined;
    return {
      rule: f.rule,
      severity: proofRules[f.rule].severity,
      page: f.page,
      message: `page ${f.page}: ${f.message}`,
      file: place?.file ?? options.pdfName,
      ...(place ? { line: place.line, column: place.column } : {}),
    };
  });
  return { pages: pdf.pages.length, findings: located };
}

/** Findings as vfile messages (one file per manuscript file, and one for the PDF itself), to
 *  print with every other diagnostic. */
export function findingsAsFiles(findings: ProofFinding[]): VFile[] {
  const files = new Map<string, VFile>();
  for (const f of findings) {
    let file = files.get(f.file);
    if (!file) files.set(f.file, (file = new VFile({ path: f.file })));
    const message = file.message(f.message, {
      ruleId: f.rule,
      source: 'inkstone-proof',
      ...(f.line !== undefined ? { place: { line: f.line, column: f.column ?? 1 } } : {}),
    });
    message.fatal = f.severity === 'error';
  }
  return [...files.values()];
}
