import type { DevFailure } from './build-status.js';
import { LIVE_RELOAD_PATH } from './live-reload.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The banner put at the top of every page while the last change does not build. */
export function errorBanner(failure: DevFailure): string {
  return `<div id="precept-dev-error" class="dev-error" role="alert">precept dev: the last change did not build (${escapeHtml(failure.summary)}); this is the last good build.`
    + `<details><summary>Show the errors</summary><pre>${escapeHtml(failure.details)}</pre></details></div>`;
}

/**
 * The page served where there is no built page to show (the first build failed, or the page
 * does not exist in the last good build): the errors, and the live reload script, so the page
 * turns into the portal as soon as a change builds.
 */
export function errorPage(failure: DevFailure): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>precept dev: ${escapeHtml(failure.summary)}</title>
<style>
body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1a1a1a; }
header { background: #b3261e; color: #fff; padding: 0.8rem 1.2rem; font-weight: 600; }
main { padding: 1rem 1.2rem; }
pre { background: #f6f6f6; border: 1px solid #ddd; padding: 1rem; overflow: auto; font: 13px/1.45 ui-monospace, monospace; }
</style>
</head>
<body>
<header id="precept-dev-error" role="alert">precept dev: the portal could not be built: ${escapeHtml(failure.summary)}</header>
<main>
<p>Fix what is listed below and save: this page reloads by itself when the portal builds. <code>precept check</code> prints the same list.</p>
<pre>${escapeHtml(failure.details)}</pre>
</main>
<script src="${LIVE_RELOAD_PATH}"></script>
</body>
</html>
`;
}
