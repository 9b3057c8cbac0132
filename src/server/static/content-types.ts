import path from 'node:path';

/**
 * The Content-Type of every kind of file a built portal holds. Files are never sniffed
 * (X-Content-Type-Options: nosniff), so each one the site can contain is listed, the search
 * index's (.pagefind, .pf_*) and the review calendar (.ics) included.
 */
const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.ics': 'text/calendar; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.zip': 'application/zip',
  '.wasm': 'application/wasm',
  // Pagefind's index: binary files the search script fetches and decodes itself.
  '.pagefind': 'application/octet-stream',
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
};

/** The Content-Type a file is served with (application/octet-stream when unknown: never sniffed). */
export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Pagefind names these after their content, so a name never comes back with other bytes. */
const CONTENT_NAMED = new Set(['.pf_meta', '.pf_index', '.pf_fragment']);

/** Whether a file's name changes whenever its content does (safe to cache for good). */
export function isContentNamed(file: string): boolean {
  return CONTENT_NAMED.has(path.extname(file).toLowerCase());
}
