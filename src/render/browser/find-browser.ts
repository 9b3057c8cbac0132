import { existsSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { failure } from '../../core/i18n/failure.js';

/** Where a browser was found, for messages. */
export interface FoundBrowser {
  executable: string;
  source: 'config' | 'PUPPETEER_EXECUTABLE_PATH' | 'puppeteer cache' | 'system';
}

const SYSTEM_CANDIDATES = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Browsers puppeteer itself downloaded (`npx puppeteer browsers install chrome`), newest first. */
function puppeteerCache(env: Readonly<Record<string, string | undefined>>): string[] {
  const base = env['PUPPETEER_CACHE_DIR'] ?? path.join(env['HOME'] ?? os.homedir(), '.cache', 'puppeteer');
  const found: string[] = [];
  for (const product of ['chrome', 'chrome-headless-shell', 'chromium']) {
    const dir = path.join(base, product);
    let builds: string[];
    try {
      builds = readdirSync(dir).sort().reverse();
    } catch {
      continue;
    }
    for (const build of builds) {
      for (const rel of ['chrome-linux64/chrome', 'chrome-headless-shell-linux64/chrome-headless-shell', 'chrome-linux/chrome']) {
        const candidate = path.join(dir, build, rel);
        if (existsSync(candidate)) found.push(candidate);
      }
    }
  }
  return found;
}

/**
 * Finds a Chromium or Chrome to drive: the config's `browser.executable`, then
 * PUPPETEER_EXECUTABLE_PATH, then puppeteer's download cache, then the system's browser.
 */
export function findBrowser(env: Readonly<Record<string, string | undefined>>, configured?: string): FoundBrowser {
  if (configured) {
    if (!existsSync(configured)) throw failure('browser.configured-missing', { path: configured });
    return { executable: configured, source: 'config' };
  }
  const fromEnv = env['PUPPETEER_EXECUTABLE_PATH'];
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw failure('browser.env-missing', { path: fromEnv });
    return { executable: fromEnv, source: 'PUPPETEER_EXECUTABLE_PATH' };
  }
  const cached = puppeteerCache(env)[0];
  if (cached) return { executable: cached, source: 'puppeteer cache' };
  const system = SYSTEM_CANDIDATES.find((p) => existsSync(p));
  if (system) return { executable: system, source: 'system' };
  throw failure('browser.none');
}
