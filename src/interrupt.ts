/**
 * Stopping when asked: SIGINT (Ctrl-C), SIGTERM (a CI cancel), SIGHUP (a closed terminal) — or
 * the process that started Inkstone going away. `npx inkstone …` runs Inkstone under `sh -c`
 * under npm; killing npm leaves that shell waiting and Inkstone running, which then wrote the
 * book the user had interrupted. So the ancestors up to npm are watched too (Linux: /proc).
 *
 * On any of these, what registered a cleanup (the browser, temporary files) is cleaned up, and
 * the process exits with 128 + the signal's number, having written nothing. Hand-written: no
 * maintained package watches a process's ancestors (`signal-exit` and `death` only listen for
 * signals to the process itself).
 */
import { readFileSync } from 'node:fs';

type Cleanup = () => Promise<unknown> | unknown;

const cleanups = new Set<Cleanup>();
let stopping: NodeJS.Signals | undefined;
let guarded = false;

/** Runs `cleanup` if the process is interrupted; returns a function that unregisters it. */
export function onInterrupt(cleanup: Cleanup): () => void {
  cleanups.add(cleanup);
  return () => cleanups.delete(cleanup);
}

/** The signal that is stopping the process, if one is. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return stopping;
}

/** Whether something (a command) stops the process on signals and cleans up: if not, the
 *  browser handles them itself (browser/browser.ts). */
export function isGuarded(): boolean {
  return guarded;
}

const numbers: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

async function stop(signal: NodeJS.Signals): Promise<void> {
  if (stopping) return;
  stopping = signal;
  const grace = new Promise((resolve) => setTimeout(resolve, 5000).unref());
  await Promise.race([Promise.allSettled([...cleanups].map(async (cleanup) => cleanup())), grace]);
  process.exit(128 + (numbers[signal] ?? 1));
}

function proc(pid: number, file: 'stat' | 'cmdline'): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The parent, and above it, while each is npm's shell or npm itself: the processes whose end
 *  means the user's command ended. */
function watchedAncestors(): number[] {
  const chain = [process.ppid];
  let pid = process.ppid;
  for (let depth = 0; depth < 4; depth++) {
    const cmdline = proc(pid, 'cmdline') ?? '';
    const npmShell = /^(\S*\/)?(sh|dash|bash)\0-c\0/.test(cmdline);
    const npm = /(^|\/|\0)(npm|npx)(-cli\.js)?(\0|$)/.test(cmdline) || /npm-cli\.js|npx-cli\.js/.test(cmdline);
    if (npm || !npmShell) break;
    // /proc/PID/stat: pid (comm) state ppid …; comm may hold spaces and parentheses.
    const stat = proc(pid, 'stat') ?? '';
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!(parent > 1)) break;
    chain.push(parent);
    pid = parent;
  }
  return chain;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** For the one-shot commands (build, check, proof): stop on signals and when the user's
 *  command (npx, npm exec, the shell between) has gone away. */
export function guardProcess(): void {
  if (guarded) return;
  guarded = true;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop(signal));
  const parent = process.ppid;
  const ancestors = watchedAncestors();
  setInterval(() => {
    if (process.ppid !== parent || !ancestors.every(alive)) void stop('SIGHUP');
  }, 300).unref();
}
