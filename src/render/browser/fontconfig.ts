import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { shippedFaces } from '../../core/fonts/families.js';
import { woffToSfnt } from '../../core/fonts/woff.js';

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The one font the printing browser's fontconfig offers: Noto Sans (Latin, regular), unwrapped to TrueType. */
function fallbackFace() {
  return shippedFaces().find((f) => f.family === 'Noto Sans' && f.subset === 'latin' && f.weight === 400 && f.style === 'normal')!;
}

/**
 * A fontconfig configuration for the printing browser (FONTCONFIG_FILE) whose only font is one
 * precept ships (in `fontDir`), with every family name asked for resolving to it. Documents bring
 * their own fonts (data: URLs), so this is never what text is drawn with; it is there so that the
 * machine's fonts cannot be (Chromium falls back to fontconfig for a character no web font has),
 * and so that Chromium has a font at all on a machine without any (it crashes printing otherwise).
 */
export function restrictedFontconfig(fontDir: string): string {
  return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by precept for its PDF browser: no font of the machine is visible. -->
<fontconfig>
  <dir>${escapeXml(fontDir)}</dir>
  <match target="pattern">
    <edit name="family" mode="assign" binding="strong"><string>Noto Sans</string></edit>
  </match>
  <!-- Unhinted, as the embedded fonts are: hinted advances would space letters apart in the PDF. -->
  <match target="font">
    <edit name="hinting" mode="assign"><bool>false</bool></edit>
    <edit name="hintstyle" mode="assign"><const>hintnone</const></edit>
  </match>
</fontconfig>
`;
}

/** Writes a file through a temporary name and a rename, unless it is already there. */
function writeOnce(file: string, data: string | Uint8Array): void {
  if (existsSync(file)) return;
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

/**
 * Writes the restricted configuration and its font where the browser can read them (the system's
 * temporary folder, named by content so concurrent runs share them) and returns the
 * configuration's path. Synchronous on purpose (a 13 KB font, two small files, usually already
 * there): the browser's launch follows it at once instead of waiting behind whatever the main
 * thread is busy with (checking the repo) for a file-system callback.
 */
export function writeRestrictedFontconfig(): string {
  const font = woffToSfnt(readFileSync(fallbackFace().woff));
  const id = createHash('sha256').update(font).digest('hex').slice(0, 16);
  const base = path.join(os.tmpdir(), 'precept-fontconfig', id);
  writeOnce(path.join(base, 'fonts', 'NotoSans-Regular.ttf'), font);
  const text = restrictedFontconfig(path.join(base, 'fonts'));
  const file = path.join(base, `${createHash('sha256').update(text).digest('hex').slice(0, 16)}.conf`);
  writeOnce(file, text);
  return file;
}
