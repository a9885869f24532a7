/**
 * Serves the build's own files to the Chromium page from memory and node_modules, under a
 * private origin, through request interception. Every other request (network, other files) is
 * aborted and recorded, so a manuscript can neither reach the network nor read the disk.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer';

export const origin = 'http://inkstone.invalid';

export type Route = { body: string | Buffer; type: string } | { file: string; type?: string };

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

export interface PageServer {
  /** URLs that were asked for and refused. */
  blocked: string[];
}

/**
 * @param routes exact paths (`/book.html`) to content
 * @param folders path prefixes (`/fonts/noto-serif-sc/`) to folders on disk; only files inside
 *   the folder are served
 * @param blocked where refused URLs are recorded (several pages may share one list)
 */
export async function servePage(page: Page, routes: Map<string, Route>, folders: Map<string, string>, blocked: string[] = []): Promise<PageServer> {
  // Functions handed to page.evaluate are serialised as source; a transpiler that keeps
  // function names (esbuild's keepNames, used by tsx) adds calls to a `__name` helper the
  // page does not have. An identity helper makes such source run unchanged.
  await page.evaluateOnNewDocument('globalThis.__name = globalThis.__name || ((fn) => fn);');
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    void answer(request, routes, folders, blocked).catch(() => request.abort('failed').catch(() => {}));
  });
  return { blocked };
}

async function answer(request: HTTPRequest, routes: Map<string, Route>, folders: Map<string, string>, blocked: string[]) {
  const url = request.url();
  if (url.startsWith('data:')) return request.continue();
  if (!url.startsWith(`${origin}/`)) {
    blocked.push(url);
    return request.abort('blockedbyclient');
  }
  const pathname = decodeURIComponent(new URL(url).pathname);
  const route = routes.get(pathname) ?? folderRoute(pathname, folders);
  if (!route) {
    blocked.push(url);
    return request.respond({ status: 404, contentType: 'text/plain', body: 'not part of this build' });
  }
  const body = 'file' in route ? await readFile(route.file) : route.body;
  const type = route.type ?? types[path.extname(pathname).toLowerCase()] ?? 'application/octet-stream';
  return request.respond({
    status: 200,
    contentType: type,
    body,
    headers: { 'Content-Security-Policy': "default-src 'self' data:; script-src 'self'; style-src 'self' 'unsafe-inline'" },
  });
}

function folderRoute(pathname: string, folders: Map<string, string>): Route | undefined {
  for (const [prefix, folder] of folders) {
    if (!pathname.startsWith(prefix)) continue;
    const file = path.resolve(folder, pathname.slice(prefix.length));
    if (file.startsWith(folder + path.sep)) return { file };
  }
  return undefined;
}
