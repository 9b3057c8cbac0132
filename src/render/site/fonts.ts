import { constants } from 'node:fs';
import { copyFile, link, mkdir, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { shippedFaces } from '../../core/fonts/families.js';
import { fontFaceCss, fontFileName } from '../../core/fonts/font-face-css.js';
import { mapLimit } from '../../repo/load/concurrency.js';

/** The stylesheet declaring the portal's fonts, beside precept.css in assets/. */
export const FONTS_CSS = 'fonts.css';

/** The font files writeFontAssets writes, from the site root (a recycled site keeps them for it to check). */
export function fontAssetPaths(): string[] {
  return shippedFaces().map((face) => `assets/fonts/${fontFileName(face)}`);
}

/**
 * The portal's fonts: every shipped face as WOFF2 under `assets/fonts/`, and `assets/fonts.css`
 * declaring them with their unicode-range, so a browser downloads only the slices a page's text
 * needs (a Japanese page a few hundred kilobytes of the Japanese font, an English page none of
 * it). Served by the site itself, so the CSP's 'self' covers them. In place (precept dev), a
 * file already there with the same size is left alone (and in a recycled folder, see
 * spare-site.ts); a new folder hard-links the previous
 * build's copies (`previousSite`, a folder precept wrote), as it does unchanged pages, instead of
 * copying 7 MB of fonts on every build.
 */
export async function writeFontAssets(siteDir: string, previousSite?: string): Promise<number> {
  const faces = shippedFaces();
  const dir = path.join(siteDir, 'assets', 'fonts');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(siteDir, 'assets', FONTS_CSS), `${fontFaceCss(faces, (f) => `fonts/${fontFileName(f)}`, 'swap')}\n`);
  await mapLimit(faces, 16, async (face) => {
    const target = path.join(dir, fontFileName(face));
    const [from, to] = await Promise.all([stat(face.woff2), stat(target).catch(() => undefined)]);
    if (to?.size === from.size) return;
    // Replaced, never written over: the file may be a hard link the live site (or a spare) shares.
    if (to) await unlink(target);
    if (previousSite && !to) {
      const before = path.join(previousSite, 'assets', 'fonts', fontFileName(face));
      if ((await stat(before).catch(() => undefined))?.size === from.size && (await link(before, target).then(() => true, () => false))) return;
    }
    await copyFile(face.woff2, target, constants.COPYFILE_FICLONE);
  });
  return faces.length + 1;
}
