/**
 * `inkstone watch`: builds, then rebuilds on every saved change (one browser, cached chapters
 * and cover), writes the outputs, and serves a live preview — the print document paginated by
 * Paged.js — at http://localhost:PORT/, which reloads itself after each build.
 */
import { watch as watchFiles } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pagePolicy, routeBody, typeOf } from '../../browser/page-server.js';
import { createServer, type ServerResponse } from 'node:http';
import path from 'node:path';
import { reporter } from 'vfile-reporter';
import { build, BuildSession } from '../../build.js';
import { exitCodes, isInkstoneError } from '../../diagnostics/errors.js';
import { loadManuscript } from '../../manuscript/load-manuscript.js';
import { printDocument, type PrintDocument } from '../../pdf/render-pdf.js';
import { layoutScript } from '../../pdf/print-steps.js';
import { readTemplate } from '../../templates.js';
import type { WatchCommand } from '../args.js';
import { sourceDateEpoch, type Io } from '../io.js';
import { claimOutputs } from '../output-owner.js';
import { writeOutputs } from '../write-output.js';
import { outputFiles } from './build.js';


/** What the preview shows and who is listening for reloads. */
interface Preview {
  document: PrintDocument | undefined;
  clients: Set<ServerResponse>;
}

export async function runWatch(command: WatchCommand, io: Io): Promise<number> {
  const manuscript = await loadManuscript(command.input, { cwd: io.cwd });
  const root = manuscript.config.root;
  const session = new BuildSession(false, { cacheChapters: true }); // watch shuts down on Ctrl-C itself
  const preview: Preview = { document: undefined, clients: new Set() };
  const rebuild = rebuilder(command, io, session, preview);
  const server = previewServer(preview);
  await new Promise<void>((resolve) => server.listen(command.port, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : command.port;
  io.stdout(`inkstone: preview at http://localhost:${port}/ — watching ${path.relative(io.cwd, root) || '.'} (Ctrl-C to stop)`);

  // Watch before the first build: a change saved while it runs is not lost.
  let timer: NodeJS.Timeout | undefined;
  let running = rebuild('first build');
  const watcher = watchFiles(root, { recursive: true }, (_event, file) => {
    if (!file || /(^|[\\/])(\.|node_modules|dist)/.test(file) || file.endsWith('.tmp')) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(() => rebuild(`changed ${file}`));
    }, 50);
  });
  await running;

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  watcher.close();
  for (const client of preview.clients) client.end();
  server.close();
  server.closeAllConnections();
  await running;
  await session.close();
  return exitCodes.ok;
}

/** A build of the book, its files written, the preview reloaded; errors printed, not thrown. */
function rebuilder(command: WatchCommand, io: Io, session: BuildSession, preview: Preview) {
  return async (reason: string): Promise<void> => {
    const started = performance.now();
    try {
      const result = await build({
        input: command.input,
        formats: command.formats,
        cwd: io.cwd,
        sourceDateEpoch: sourceDateEpoch(io.env),
        session,
      });
      if (result.files.some((file) => file.messages.length)) io.stderr(reporter(result.files, { quiet: true }));
      const files = outputFiles(result, { ...command, cwd: io.cwd });
      await writeOutputs([...files, ...(await claimOutputs(files, path.resolve(io.cwd, command.input), { force: false, cwd: io.cwd }))]);
      const book = result.editions[0]?.book;
      if (book) preview.document = printDocument(book);
      io.stderr(`inkstone: ${reason}: built in ${Math.round(performance.now() - started)} ms`);
      for (const client of preview.clients) client.write('data: reload\n\n');
    } catch (error) {
      io.stderr(isInkstoneError(error) ? `inkstone: ${error.format()}` : `inkstone: ${(error as Error).message}`);
    }
  };
}

function previewServer(preview: Preview) {
  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/events') {
      response.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
      response.write(': connected\n\n');
      preview.clients.add(response);
      request.on('close', () => preview.clients.delete(response));
      return;
    }
    void serve(url.pathname, preview.document).then(
      (found) => {
        if (!found) return void response.writeHead(404).end('not part of this book');
        // The same policy as the print pages: the preview loads nothing from outside the book.
        response.writeHead(200, { 'Content-Type': found.type, 'Content-Security-Policy': pagePolicy, 'Cache-Control': 'no-store' }).end(found.body);
      },
      () => void response.writeHead(500).end(),
    );
  });
}

/** The preview: the print document with Paged.js and a reload script, and everything it loads. */
async function serve(pathname: string, preview: PrintDocument | undefined): Promise<{ body: string | Buffer; type: string } | undefined> {
  if (!preview) return undefined;
  if (pathname === '/' || pathname === '/book.html') {
    // The PDF's own layout: Paged.js with Inkstone's breaks and note numbers (not the polyfill's
    // bare Paged.js, which put notes where Paged.js alone puts them).
    const scripts = '<script defer src="/paged.js"></script><script defer src="/layout.js"></script><script defer src="/live.js"></script>';
    return { body: preview.html.replace('</head>', `${scripts}\n</head>`), type: 'text/html; charset=utf-8' };
  }
  if (pathname === '/layout.js') return { body: layoutScript(preview.fonts.loads), type: 'text/javascript' };
  if (pathname === '/live.js') return { body: readTemplate('watch/live.js'), type: 'text/javascript' };
  const route = preview.routes.get(decodeURIComponent(pathname));
  if (route) return { body: await routeBody(route), type: route.type ?? 'text/javascript' };
  for (const [prefix, folder] of preview.fonts.folders) {
    if (!pathname.startsWith(prefix)) continue;
    const file = path.resolve(folder, decodeURIComponent(pathname.slice(prefix.length)));
    if (!file.startsWith(folder + path.sep)) return undefined;
    return { body: await readFile(file), type: typeOf(file) };
  }
  return undefined;
}
