/**
 * Vitest's global setup: one EPUBCheck JVM for the whole suite (EpubcheckServer.java), its port
 * given to the tests (`inject('epubcheckPort')`, used by tools.ts's epubcheck). Without Java or
 * EPUBCheck, nothing starts and the tests that need it skip as before.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';

const jar = '/usr/share/java/epubcheck.jar';

declare module 'vitest' {
  export interface ProvidedContext {
    epubcheckPort: number;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  if (!existsSync(jar)) return () => {};
  const java = spawn('java', ['-XX:TieredStopAtLevel=1', '-cp', jar, path.join(import.meta.dirname, 'EpubcheckServer.java')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve) => {
    java.once('error', () => resolve(0));
    java.once('exit', () => resolve(0));
    createInterface({ input: java.stdout }).once('line', (line) => resolve(Number(line)));
  });
  if (port) project.provide('epubcheckPort', port);
  return () => {
    java.stdin?.end();
    java.kill();
  };
}
