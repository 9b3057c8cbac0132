/** A worker thread that renders policy bodies and redlines for the build (see render-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { MarkdownRenderer } from '../../markdown/render.js';
import { runRenderJob, type RenderJob } from './render-job.js';

const renderer = new MarkdownRenderer();
parentPort?.on('message', (message: { id: number; job: RenderJob }) => {
  try {
    parentPort!.postMessage({ id: message.id, result: runRenderJob(renderer, message.job) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) });
  }
});
