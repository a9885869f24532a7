/**
 * Vitest's global setup: one Chromium for the whole suite, with Inkstone's flags.
 * Every build the tests run (in-process or through the CLI) opens a browser context of its own
 * in it (INKSTONE_CHROMIUM_WS, src/browser/browser.ts) instead of launching one: a launch costs
 * about a second and three of CPU, and the suite builds some two hundred books. Tests of the
 * browser's own life (signals, exit codes, a build that leaves no process) unset the variable.
 * Without Chromium, nothing starts and the tests that need it skip as before.
 */
import type { TestProject } from 'vitest/node';
import puppeteer from 'puppeteer';
import { findBrowser, headlessMode, launchArgs } from '../../src/browser/browser.js';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumWs: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let executablePath: string;
  try {
    executablePath = findBrowser();
  } catch {
    return async () => {};
  }
  // Inkstone's flags, over a WebSocket (Inkstone's own launch talks through a pipe)
  const browser = await puppeteer.launch({ executablePath, args: launchArgs, headless: headlessMode(executablePath), timeout: 60_000, protocolTimeout: 600_000 });
  // (each test file's process sets it from here: chromium-env.ts)
  project.provide('chromiumWs', browser.wsEndpoint());
  return async () => {
    await browser.close().catch(() => {});
    browser.process()?.kill('SIGKILL');
  };
}
