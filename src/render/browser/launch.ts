import puppeteer, { type Browser } from 'puppeteer-core';
import { PreceptError } from '../../core/errors.js';
import type { FoundBrowser } from './find-browser.js';

/** How a browser is started. */
export interface LaunchOptions {
  /** Let the browser reach 127.0.0.1 (for tests against a local server); every other host stays unresolvable. */
  allowLoopback?: boolean;
  /** Run as root: Chromium's sandbox cannot start then, so it is turned off. */
  runningAsRoot?: boolean;
  /** The browser's environment (default: puppeteer's, the current process's), e.g. with FONTCONFIG_FILE. */
  env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Flags that keep Chromium off the network: no component updates, QUIC, pings, domain
 * reliability or time queries, and every host name resolves to nothing.
 */
export function lockedDownArgs(options: LaunchOptions = {}): string[] {
  return [
    ...(options.runningAsRoot ? ['--no-sandbox'] : []),
    '--disable-gpu',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-pings',
    '--disable-domain-reliability',
    '--disable-features=NetworkTimeServiceQuerying,Translate,MediaRouter,OptimizationHints',
    '--disable-client-side-phishing-detection',
    '--disable-default-apps',
    '--disable-extensions',
    '--metrics-recording-only',
    '--mute-audio',
    `--host-resolver-rules=MAP * ~NOTFOUND${options.allowLoopback ? ', EXCLUDE 127.0.0.1' : ''}`,
  ];
}

/** Starts a headless browser. The caller owns it and must close it (in a `finally`). */
export async function launchBrowser(found: FoundBrowser, options: LaunchOptions = {}): Promise<Browser> {
  try {
    return await puppeteer.launch({
      executablePath: found.executable,
      headless: true,
      args: lockedDownArgs(options),
      // Puppeteer's own defaults include flags for automation; keep them, add ours.
      pipe: true,
      protocolTimeout: 120_000,
      ...(options.env ? { env: options.env as Record<string, string | undefined> } : {}),
    });
  } catch (error) {
    throw new PreceptError(`could not start the browser at ${found.executable} (found via ${found.source}): ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
}
