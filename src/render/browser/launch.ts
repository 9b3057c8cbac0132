import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { type Browser } from 'puppeteer-core';
import { failure } from '../../core/i18n/failure.js';
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

/**
 * Where the browser's profile folder goes: /dev/shm where the machine has that memory file
 * system, else the temporary folder. Chromium writes some 200 small files into a new profile,
 * removed again when it exits: on a disk that removal took 0.2-0.35 s at the end of every pack
 * and PDF build (and on ext4 it slows the next minute's file creation, see bench/README.md), in
 * memory about 15 ms. The profile holds no document (they are set from memory), about 2.5 MB.
 */
export function profileParent(): string {
  try {
    if (statSync('/dev/shm').isDirectory()) {
      accessSync('/dev/shm', constants.W_OK);
      return '/dev/shm';
    }
  } catch {
    // no /dev/shm here (macOS, Windows) or not writable
  }
  return os.tmpdir();
}

/**
 * Starts a headless browser. The caller owns it and must close it (in a `finally`).
 *
 * The profile folder is made here, synchronously, rather than by puppeteer (an fs promise): with
 * it given, puppeteer reaches the process's spawn without waiting for any I/O callback, so
 * Chromium boots at once even when the main thread goes on with long synchronous work (checking
 * the repo) right after asking for it. The folder is removed when the process exits, as
 * puppeteer does with its own.
 */
export async function launchBrowser(found: FoundBrowser, options: LaunchOptions = {}): Promise<Browser> {
  const profile = mkdtempSync(path.join(profileParent(), 'precept-chromium-'));
  // Synchronous, in the exit event, so it is gone when browser.close() resolves (as puppeteer's
  // own profile is): a test runner or a CLI ending right after leaves nothing behind.
  const removeProfile = () => {
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A profile left in the temporary folder costs only disk space.
    }
  };
  try {
    const browser = await puppeteer.launch({
      executablePath: found.executable,
      headless: true,
      args: [...lockedDownArgs(options), `--user-data-dir=${profile}`],
      // Puppeteer's own defaults include flags for automation; keep them, add ours.
      pipe: true,
      protocolTimeout: 120_000,
      ...(options.env ? { env: options.env as Record<string, string | undefined> } : {}),
    });
    const child = browser.process();
    if (child && child.exitCode === null && child.signalCode === null) child.once('exit', removeProfile);
    else removeProfile();
    return browser;
  } catch (error) {
    removeProfile();
    throw failure('render.browser-start', { path: found.executable, source: found.source, error: (error as Error).message.split('\n')[0] }, { cause: error });
  }
}
