import { phrase, type Phrase } from '../core/i18n/phrase.js';

/** Image formats a browser and Chromium's PDF printer show without running anything. */
export type ImageType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

/** The raster type of some bytes, by their magic numbers (never by what a name or a URL claims). */
export function rasterType(bytes: Uint8Array): ImageType | undefined {
  const at = (offset: number, ...values: number[]) => values.every((v, i) => bytes[offset + i] === v);
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return 'image/gif';
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return 'image/webp';
  return undefined;
}

/** What a `data:` image URL holds: a raster image whose bytes match its declared type, or why it is refused. */
export type DataImage = { ok: true; type: ImageType; bytes: Uint8Array } | { ok: false; why: Phrase };

/** Why a data: image is not shown, said by `check` (rule image-data) in the repo's language. */
const refused = (key: string, values?: Phrase['values']) => phrase(`check.image-data.${key}`, values);

const DATA_URL = /^data:([a-z0-9.+-]+\/[a-z0-9.+-]+)?((?:;[a-z0-9-]+=[^;,]*)*)(;base64)?,(.*)$/is;

/**
 * Reads a `data:` URL meant as an image. Only PNG, JPEG, GIF and WebP are kept, and only when the
 * bytes are what the URL says: SVG can carry script and links, and anything else is not an image
 * a browser shows.
 */
export function readDataImage(url: string, maxBytes: number): DataImage {
  const m = DATA_URL.exec(url.trim());
  if (!m) return { ok: false, why: refused('malformed') };
  const declared = (m[1] ?? 'text/plain').toLowerCase();
  if (declared === 'image/svg+xml') return { ok: false, why: refused('svg') };
  if (!m[3]) return { ok: false, why: refused('not-base64', { declared }) };
  const payload = m[4]!.replace(/\s+/g, '');
  if (payload.length > Math.ceil((maxBytes * 4) / 3) + 4) return { ok: false, why: refused('too-large', { limit: maxBytes }) };
  const bytes = new Uint8Array(Buffer.from(payload, 'base64'));
  const actual = rasterType(bytes);
  if (!actual) return { ok: false, why: refused('not-raster', { declared }) };
  if (actual !== declared && !(declared === 'image/jpg' && actual === 'image/jpeg')) return { ok: false, why: refused('mismatch', { declared, actual }) };
  return { ok: true, type: actual, bytes };
}

/** Media types of the files a policy may show or attach, by extension. */
const MEDIA_TYPES: Record<string, string> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', svg: 'image/svg+xml',
  pdf: 'application/pdf', csv: 'text/csv', txt: 'text/plain',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', doc: 'application/msword',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet', zip: 'application/zip', json: 'application/json', yaml: 'application/yaml', yml: 'application/yaml',
};

/** The media type a file is served with, from its extension (application/octet-stream when unknown). */
export function mediaTypeOf(file: string): string {
  const ext = /\.([a-z0-9]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '';
  return MEDIA_TYPES[ext] ?? 'application/octet-stream';
}
