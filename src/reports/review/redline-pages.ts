import path from 'node:path';
import { writeFile } from 'node:fs/promises';
import { writeDirAtomically } from '../../core/output/atomic.js';
import { embeddedFonts } from '../../render/pdf/fonts.js';
import type { Theme } from '../../render/theme/theme.js';
import { mostMaterialFirst } from '../../repo/versioning/classify.js';
import type { ReviewReport } from './review.js';

/**
 * Writes one standalone HTML redline page per changed policy (`<id>.html`) into `dir`, for
 * reviewers who prefer reading to diffs. The folder is replaced atomically. Returns the file names.
 * Each page carries the shipped fonts its text needs (data: URLs, as the PDFs do), so it reads the
 * same on every machine, Japanese included, and stays one file a reviewer can download or mail.
 */
export async function writeRedlinePages(report: ReviewReport, theme: Theme, dir: string): Promise<string[]> {
  return writeDirAtomically(dir, async (tmp) => {
    const names: string[] = [];
    const t = (key: string) => theme.messages.t(key);
    const label = (level: string) => (level === 'none' ? t('review.page.no-content-change') : t(`review.report.level.${level}`));
    for (const p of report.policies) {
      const name = `${p.id}.html`;
      const data = {
        organization: report.organization,
        base: `${report.base.ref} (${report.base.commit.slice(0, 7)})`,
        lang: theme.messages.locale,
        title: p.title, id: p.id, file: p.file, renamedFrom: p.renamedFrom?.file, change: t(`review.report.change-heading.${p.change}`),
        version: p.version.from === p.version.to ? p.version.to : [p.version.from, p.version.to].filter(Boolean).join(' → '),
        level: p.change === 'added' || p.change === 'removed' ? undefined : p.level,
        levelLabel: label(p.level),
        stats: p.redline.stats,
        problems: p.diagnostics.map((d) => ({ severity: d.severity, message: d.message })),
        reasons: mostMaterialFirst(p.reasons).map((r) => ({ label: label(r.level), text: r.text })),
        fields: p.fields.map((f) => ({ field: f.field, before: f.before ?? '', after: f.after ?? '' })),
        // redline() escapes every text it emits; the markup is its own <div>, <ins> and <del>.
        redlineHtml: p.redline.html,
      };
      // Rendered twice: the fonts depend on the page's text, which the first rendering gives.
      const draft = await theme.render('review/redline.hbs', data);
      const html = await theme.render('review/redline.hbs', { ...data, fontCss: embeddedFonts(draft, p.file, { allowMissing: true }) });
      await writeFile(path.join(tmp, name), html);
      names.push(name);
    }
    return names;
  });
}
