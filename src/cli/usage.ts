/** Help texts, one per command (`inkstone <command> --help`). */
export const usage: Record<'main' | 'build' | 'check' | 'proof' | 'init' | 'watch', string> = {
  main: `Usage: inkstone <command> [options]

Commands:
  build [MANUSCRIPT]   Build the EPUB and the PDF of a manuscript (default: manuscript/)
  check [MANUSCRIPT]   Check a manuscript without building it; --fix rewrites its punctuation
  proof [MANUSCRIPT]   Build the PDF and read it back page by page: what a press would reject
  init [DIR]           Start a new book: a manuscript skeleton that builds at once
  watch [MANUSCRIPT]   Rebuild on every change and serve a live preview in the browser

Options:
  -h, --help           Show help (also: inkstone <command> --help)
  -v, --version        Show Inkstone's version

Exit codes: 0 ok, 1 manuscript error (or, for check, problems found), 2 usage error,
3 environment error (e.g. no browser), 4 internal error.`,
  build: `Usage: inkstone build [MANUSCRIPT] [options]

Builds MANUSCRIPT (a folder with book.yaml, or a Markdown file with YAML front matter;
default: manuscript/) into OUT/NAME.epub and OUT/NAME.pdf. Files are written only when the
whole build succeeded.

Options:
  -o, --out DIR        Output folder (default: dist)
  -f, --format FORMAT  epub, pdf or all (default: all)
  -n, --name NAME      Output file name without extension (default: book)
      --variant V      Build an edition in the other script: zh-Hant (Taiwan), zh-HK, zh-Hans;
                       repeat or comma-separate for several, “original” for the manuscript as
                       written; files are NAME.V.epub …
      --release TAG    Release label (e.g. v1.2.0): in the colophon and the file names
                       (NAME-TAG.epub)
      --allow-remote   Allow http(s) images (fetched with a size and time limit)
      --press          Also write NAME.press.pdf for the printer: PDF/X-4 (or pdf.press: x1a),
                       CMYK with text on the K plate, bleed and crop marks (needs Ghostscript;
                       book.yaml's pdf.press writes it with every PDF)
      --proof          Proof the PDF after building it (see inkstone proof --help); the files
                       are written, and the exit status is 1 if the proof finds an error
      --strict         Treat warnings as errors: nothing is written if there is any (the
                       proof's findings included: --strict proofs the PDF)
      --force          Replace files another manuscript built in DIR (refused without it:
                       DIR/.inkstone-outputs.json records which manuscript made each file)
      --no-cache       Transform and lay out everything anew (by default a rebuild takes the
                       chapters and the parts of a long book that did not change from the
                       build cache; the files are the same either way)
  -q, --quiet          Print only errors
  -h, --help           Show this help

Environment:
  SOURCE_DATE_EPOCH          Build date (seconds); fixes every date in the outputs
  PUPPETEER_EXECUTABLE_PATH  Chromium to use for the PDF (default: /usr/bin/chromium-headless-shell
                             if installed, else /usr/bin/chromium)
  INKSTONE_BUILD_CACHE       Folder of the build cache (default: Inkstone's
                             node_modules/.cache/inkstone/builds), or off
  INKSTONE_CHROMIUM_WS       DevTools WebSocket of a Chromium running on this machine, to
                             use instead of launching one (see the README)
  INKSTONE_DEBUG             1: stacks of internal errors, and Chromium's retried failures`,
  check: `Usage: inkstone check [MANUSCRIPT] [options]

Reads MANUSCRIPT as a build would and lists every problem as file:line:column, including
half-width punctuation in Chinese text; with Java and EPUBCheck present it also checks the
EPUB it would build. Exits 1 when there is anything to report.

Options:
      --fix            Rewrite the manuscript's half-width punctuation in Chinese text
  -q, --quiet          Print only the problems
  -h, --help           Show this help`,
  proof: `Usage: inkstone proof [MANUSCRIPT] [options]

Builds MANUSCRIPT's PDF (without writing it) and reads it back page by page: running heads
that wrap, text or images past the margins, stretched lines, stranded headings, widows and
orphans, one-character last lines, line-start/end prohibitions (禁則), table rows split across
pages, characters printed blank, footnotes away from their calls, and contents or bookmarks
that do not match the pages. Each finding names the page, and the manuscript file and line
where its text is found. Exits 1 when a finding is an error. A press PDF (--pdf
NAME.press.pdf, one with a PDF/X output intent) is checked as a preflight would: trim and bleed
boxes on every page, no RGB, every font embedded, images at 300 ppi.

Options:
      --pdf FILE       Proof FILE (a PDF built before from MANUSCRIPT) instead of building
      --variant V      Proof the edition V (zh-Hant, zh-HK, zh-Hans, original); repeatable
      --json           Print the findings as JSON (for CI)
  -q, --quiet          Print only the findings
  -h, --help           Show this help`,
  init: `Usage: inkstone init [DIR]

Creates DIR (default: manuscript/) with a book.yaml and two chapters — a CJK book skeleton with
a footnote — that \`inkstone build DIR\` builds at once. DIR must not exist or be empty.`,
  watch: `Usage: inkstone watch [MANUSCRIPT] [options]

Builds MANUSCRIPT, then rebuilds whenever a file of it changes, and serves a live preview of
the book at http://localhost:PORT/ that reloads after each build.

Options:
  -p, --port PORT      Port of the preview (default: 4747; 0 picks a free one)
  -o, --out DIR        Output folder (default: dist)
  -f, --format FORMAT  What to write on each change: epub (default), pdf or all
  -n, --name NAME      Output file name without extension (default: book)
  -h, --help           Show this help`,
};
