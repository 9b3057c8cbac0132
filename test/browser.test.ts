import { describe, expect, it } from 'vitest';
import { findBrowser } from '../src/render/browser/find-browser.js';
import { launchBrowser } from '../src/render/browser/launch.js';

describe('browser', () => {
  it('explains how to install a browser when none is found', () => {
    expect(() => findBrowser({ PUPPETEER_EXECUTABLE_PATH: '/nope/chrome' })).toThrow(/PUPPETEER_EXECUTABLE_PATH does not exist/);
    expect(() => findBrowser({}, '/nope/chromium')).toThrow(/browser.executable/);
  });

  it('finds the system Chromium and starts it locked down (no host resolves)', async () => {
    const found = findBrowser({ HOME: '/nonexistent' });
    const browser = await launchBrowser(found, { runningAsRoot: process.getuid?.() === 0 });
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="x">hello</p>');
      expect(await page.$eval('#x', (e) => e.textContent)).toBe('hello');
      await expect(page.goto('http://example.com/', { timeout: 15_000 })).rejects.toThrow(/ERR_NAME_NOT_RESOLVED/);
    } finally {
      await browser.close();
    }
  });
});
