/** A worker thread that templates and writes portal pages into a new site folder (see page-thread.ts). */
import { parentPort, workerData } from 'node:worker_threads';
import { PreceptError } from '../../core/errors.js';
import { loadMessages } from '../../core/i18n/messages.js';
import { Theme } from '../theme/theme.js';
import type { ThemeSource } from '../theme/theme.js';
import { renderPage, type PageAnswer, type PageMessage } from './page-thread.js';
import { folderWriter } from './page-writer.js';

const source = workerData as ThemeSource;
const theme = Theme.load(source.repoSiteDir, loadMessages(source.locale));
const folders = new Map<string, ReturnType<typeof folderWriter>>();
parentPort?.on('message', (m: PageMessage) => {
  theme.then(async (t) => {
    const html = await renderPage(t, m.template, m.data);
    let files = folders.get(m.folder);
    if (!files) folders.set(m.folder, (files = folderWriter(m.folder)));
    files.write(m.path, html);
    parentPort!.postMessage({ id: m.id, ...(m.html ? { html } : {}) } satisfies PageAnswer);
  }).catch((error: unknown) => {
    parentPort!.postMessage({ id: m.id, error: error instanceof Error ? error.message : String(error), precept: error instanceof PreceptError } satisfies PageAnswer);
  });
});
