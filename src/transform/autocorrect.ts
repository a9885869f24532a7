/**
 * autocorrect (huacnlee/autocorrect) as WebAssembly, so that it runs on every platform Node does.
 * The native `autocorrect-node` ships binaries for five platforms only (none for Linux or Windows
 * on ARM) and its lockfile entries break `npm ci` wherever the registry lacks one of them.
 *
 * `@huacnlee/autocorrect` is a wasm-pack build for bundlers (`import … from "./x.wasm"`), which
 * Node 20 cannot import; the few lines below are the loader a bundler would generate — hand-written
 * because no package provides them for Node. The module is compiled on first use (~15 ms).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as glue from '@huacnlee/autocorrect/autocorrect_bg.js';

let ready = false;

function load(): void {
  if (ready) return;
  const require = createRequire(import.meta.url);
  const module = new WebAssembly.Module(readFileSync(require.resolve('@huacnlee/autocorrect/autocorrect_bg.wasm')));
  const imports: Record<string, Record<string, unknown>> = {};
  for (const entry of WebAssembly.Module.imports(module)) {
    (imports[entry.module] ??= {})[entry.name] = (glue as unknown as Record<string, unknown>)[entry.name];
  }
  const instance = new WebAssembly.Instance(module, imports as WebAssembly.Imports);
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  ready = true;
}

/** Replace autocorrect's rule set (JSON, as in `.autocorrectrc`). */
export function loadConfig(config: string): void {
  load();
  glue.loadConfig(config);
}

/** Format plain text with the loaded rules. */
export function format(text: string): string {
  load();
  return glue.format(text);
}
