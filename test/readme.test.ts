/**
 * The README tells the truth about the rules: its list of messages is the registry's
 * (src/diagnostics/rules.ts), and no message in the code carries a rule id from elsewhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rulesTable } from '../src/diagnostics/rules.js';
import { proofRulesTable } from '../src/proof/thresholds.js';
import { repoRoot } from './helpers/cli.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

describe('rules', () => {
  it('the README lists exactly the registry’s rules (paste the table below when they differ)', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- rules:start[^>]*-->\n([\s\S]*?)\n<!-- rules:end -->/.exec(readme)?.[1];
    expect(block, rulesTable()).toBe(rulesTable());
  });

  it('the README lists exactly the proof’s rules (paste the table below when they differ)', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = /<!-- proof-rules:start[^>]*-->\n([\s\S]*?)\n<!-- proof-rules:end -->/.exec(readme)?.[1];
    expect(block, proofRulesTable()).toBe(proofRulesTable());
  });

  it('every message’s rule id comes from the registry', () => {
    const literal = sources(path.join(repoRoot, 'src')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/ruleId: '([a-z0-9-]+)'/g)].map((m) => `${path.relative(repoRoot, file)}: ${m[1]}`),
    );
    expect(literal).toEqual([]);
  });
});
