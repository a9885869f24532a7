/**
 * Serves the build's own files to Chromium pages — from memory and from Inkstone's own
 * node_modules — over a local HTTP server that only the build's pages are let at: every page
 * is guarded by request interception, which lets requests to this server through (Chromium
 * then caches shared files like Paged.js and the fonts across pages) and aborts and records
 * everything else, so a manuscript can neither reach the network nor read the disk.
 * (Chromium runs with every host name but localhost unresolvable; see browser.ts.)
 */
import mime from 'mime/lite';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer-core';

export type Route = { body: string | Buffer; type: string } | { file: string; type?: string };

/** A route's content: its body, or its file read. */
export async function routeBody(route: Route): Promise<string | Buffer> {
  return 'file' in route ? readFile(route.file) : route.body;
}

/** A served file's type by its extension; text in UTF-8. */
export function typeOf(file: string): string {
  const type = mime.getType(path.extname(file)) ?? 'application/octet-stream';
  return /^text\//.test(type) ? `${type}; charset=utf-8` : type;
}

export const pagePolicy = "default-src 'self' data:; script-src 'self'; style-src 'self' 'unsafe-inline'";

export class PageServer {
  /** URLs pages asked for and were refused. */
  readonly blocked: string[];
  private readonly routes = new Map<string, Route>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
    private readonly folders: Map<string, string>,
    blocked: string[],
  ) {
    this.blocked = blocked;
  }

  /**
   * @param folders path prefixes (`/fonts/noto-serif-sc/`) to folders on disk; only files inside
   *   the folder are served
   * @param blocked where refused URLs are recorded (several servers may share one list)
   */
  static async start(routes: Map<string, Route>, folders: Map<string, string>, blocked: string[] = []): Promise<PageServer> {
    let instance: PageServer | undefined;
    const server = createServer((request, response) => {
      void instance?.answer(new URL(request.url ?? '/', 'http://localhost').pathname).then(
        (found) => {
          if (!found) {
            instance?.blocked.push(`${instance.origin}${request.url}`);
            return void response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not part of this build');
          }
          // Shared files are the same for every page of a build: let Chromium keep them.
          const shared = !found.type.startsWith('text/html');
          response
            .writeHead(200, { 'Content-Type': found.type, 'Content-Security-Policy': pagePolicy, 'Cache-Control': shared ? 'max-age=3600' : 'no-store' })
            .end(found.body);
        },
        () => void response.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    // Serving pages never keeps the process alive by itself: work cut short (a cover still
    // being drawn when the manuscript turns out bad) must not hold up the exit.
    server.unref();
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    instance = new PageServer(server, `http://localhost:${port}`, folders, blocked);
    for (const [key, route] of routes) instance.routes.set(key, route);
    return instance;
  }

  /** Serves `route` at `pathname` from now on. */
  add(pathname: string, route: Route): void {
    this.routes.set(pathname, route);
  }

  /** Lets `page` load from this server only; everything else is aborted and recorded. */
  async guard(page: Page): Promise<void> {
    // Functions handed to page.evaluate are serialised as source; a transpiler that keeps
    // function names (esbuild's keepNames, used by tsx) adds calls to a `__name` helper the
    // page does not have. An identity helper makes such source run unchanged.
    await page.evaluateOnNewDocument('globalThis.__name = globalThis.__name || ((fn) => fn);');
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      const url = request.url();
      const allowed = url.startsWith(`${this.origin}/`) || url.startsWith('data:');
      if (!allowed) this.blocked.push(url);
      void (allowed ? request.continue() : request.abort('blockedbyclient')).catch(() => {});
    });
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(pathname: string): Promise<{ body: string | Buffer; type: string } | undefined> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return undefined;
    }
    const route = this.routes.get(decoded) ?? this.folderRoute(decoded);
    if (!route) return undefined;
    const body = await routeBody(route);
    return { body, type: route.type ?? typeOf(decoded) };
  }

  private folderRoute(pathname: string): Route | undefined {
    for (const [prefix, folder] of this.folders) {
      if (!pathname.startsWith(prefix)) continue;
      const file = path.resolve(folder, pathname.slice(prefix.length));
      if (file.startsWith(folder + path.sep)) return { file };
    }
    return undefined;
  }
}
