// Bundles the CLI (src/cli/main.ts and all it imports) into build/bundle/ with esbuild.
// Why: the unified/micromark/hast stack is some 900 small modules (counted with strace on a seed build); resolving and reading them
// took ~0.35 s of every build's start. Bundled, the start costs ~0.05 s. Renderers stay lazily
// loaded (code splitting). Left outside the bundle: packages that load files next to themselves
// (WebAssembly: subset-font, harfbuzzjs, fontverter; pdf.js and its worker, proof only), sharp
// (native), svgo and css-tree (css-tree reads its data files with a require() made at run time).
// puppeteer-core is bundled, in chunks loaded by builds that use Chromium: outside, Node resolved
// and read some 250 files (its own ~130, and @puppeteer/browsers', semver's, ws'…) while the
// manuscript was parsed; bundled, the seed's build took 0.2 s less (10 alternated pairs).
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';

const outdir = new URL('../build/bundle/', import.meta.url).pathname;
await rm(outdir, { recursive: true, force: true });
await build({
  entryPoints: { inkstone: new URL('../src/cli/main.ts', import.meta.url).pathname },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['subset-font', 'harfbuzzjs', 'fontverter', 'pdfjs-dist', 'sharp', 'svgo', 'css-tree'],
  // (puppeteer's browser downloads through a proxy: never used; see the stub)
  alias: { 'proxy-agent': new URL('./bundle-stubs/proxy-agent.mjs', import.meta.url).pathname },
  // CommonJS packages inside an ES module bundle call require() for Node's built-ins.
  banner: { js: "import { createRequire as __inkstoneRequire } from 'node:module'; const require = __inkstoneRequire(import.meta.url);" },
  legalComments: 'eof',
  logLevel: 'warning',
});
