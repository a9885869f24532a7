#!/bin/sh
# Inkstone setup for Debian/Ubuntu (and any machine that already has what it needs):
#   scripts/setup.sh          Chromium for the PDF, then the npm packages (and the compiled CLI)
#   scripts/setup.sh --test   the same, plus what the test suite reads books back with:
#                             a JDK + EPUBCheck, poppler-utils (pdftotext, pdffonts), pandoc,
#                             qpdf
# The press PDF (build --press) needs Ghostscript (its colour conversion and SWOP profile) and
# qpdf: installed when apt-get is here, as rare Han's face is.
# Fonts come from npm (@fontsource), so no system CJK fonts are needed; rare Han characters
# (beyond the Noto faces, CJK Extensions A and B) come from Debian's BabelStone Han.
set -eu
cd "$(dirname "$0")/.."

want_tests=no
[ "${1:-}" = "--test" ] && want_tests=yes

say() { printf 'setup: %s\n' "$*" >&2; }

node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?"yes":"no")' 2>/dev/null || echo missing)
if [ "$node_ok" != yes ]; then
  say "Inkstone needs Node.js 20.19 or newer (found: $(node --version 2>/dev/null || echo none))."
  exit 3
fi

missing=""
have() { command -v "$1" >/dev/null 2>&1; }
if [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ] && ! have chromium && ! have chromium-browser && ! have google-chrome; then
  missing="$missing chromium"
fi
# Wanted, not required: without it, rare characters are reported as missing (glyph-missing).
optional=""
# Debian's headless shell of the same Chromium: builds start it in a third of the time
# (src/browser/find-browser.ts). Beside Debian's chromium only, where apt knows the package
# (Debian 12 and later) and it can be installed here without asking (root, or sudo without a
# password); best effort: a machine that builds without it is not stopped for it.
want_shell=no
if [ -z "${PUPPETEER_EXECUTABLE_PATH:-}" ] && ! have chromium-headless-shell \
  && { have chromium || [ -n "$missing" ]; } && have apt-get && have apt-cache \
  && { [ "$(id -u)" = 0 ] || { have sudo && sudo -n true 2>/dev/null; }; } \
  && LC_ALL=C apt-cache policy chromium-headless-shell 2>/dev/null | grep -q 'Candidate: [0-9]'; then
  want_shell=yes
fi
[ -f /usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf ] || optional="$optional fonts-babelstone-han"
have gs || optional="$optional ghostscript"
have qpdf || optional="$optional qpdf"
if [ "$want_tests" = yes ]; then
  [ -f /usr/share/java/epubcheck.jar ] || missing="$missing epubcheck"
  # the fuzz test runs EPUBCheck through Java's source launcher, which needs a JDK
  java --list-modules 2>/dev/null | grep -q '^jdk.compiler' || missing="$missing default-jdk-headless"
  have pdftotext || missing="$missing poppler-utils"
  have pandoc || missing="$missing pandoc"
  have mutool || missing="$missing mupdf-tools"
  have qpdf || missing="$missing qpdf"
  have gs || missing="$missing ghostscript"
fi

if [ -n "$optional" ] && ! have apt-get; then
  say "without apt-get, not installing$optional: rare Han characters will be reported missing; build --press needs Ghostscript and qpdf"
  optional=""
fi
missing="$missing${optional:+ $optional}"
if [ -n "$missing" ]; then
  if have apt-get; then
    sudo=""
    if [ "$(id -u)" != 0 ]; then
      if have sudo; then sudo="sudo"; else say "need root (or sudo) to install:$missing"; exit 3; fi
    fi
    say "installing system packages:$missing"
    $sudo apt-get update -q >/dev/null
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
  else
    say "please install:$missing (no apt-get here); or set PUPPETEER_EXECUTABLE_PATH to a Chromium/Chrome"
    exit 3
  fi
fi

if [ "$want_shell" = yes ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo -n"
  say "installing chromium-headless-shell (the Chromium builds start in a third of the time)"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends chromium-headless-shell >/dev/null 2>&1 \
    || say "could not install chromium-headless-shell: builds use chromium"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] || [ ! -f build/bundle/inkstone.js ]; then
  say "installing npm packages"
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  [ -f build/bundle/inkstone.js ] || npm run --silent build
fi
say "ready"
