// What the bundle has for `proxy-agent` (scripts/bundle.mjs): puppeteer's @puppeteer/browsers
// imports it to download browsers through a proxy, which Inkstone never does (it launches the
// Chromium installed). The real package brings a JavaScript engine and parsers for PAC files:
// 1.8 MB of script that every build loaded with puppeteer.
export class ProxyAgent {
  constructor() {
    throw new Error('proxy-agent is not in Inkstone’s bundle: Inkstone does not download browsers');
  }
}
