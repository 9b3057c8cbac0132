import type { Root } from 'hast';
import type { Messages } from '../../core/i18n/messages.js';
import { normalizeBody, policyContentHash } from '../../repo/content-hash/content-hash.js';
import { diagnosticAt, type Diagnostic } from '../../core/diagnostics/diagnostic.js';
import type { MarkdownRenderer } from '../../markdown/render.js';
import type { Policy, Project } from '../../repo/project/types.js';
import { redlineLabels } from '../../markdown/redline/labels.js';
import { redline, type Redline } from '../../markdown/redline/redline.js';
import { policyLanguage } from '../../repo/project/language.js';
import type { BumpKind } from '../../repo/versioning/bump.js';
import { bumpFit } from './bump-fit.js';
import { classifyBody, classifyFields, overallLevel, type ChangeLevel, type Reason } from '../../repo/versioning/classify.js';
import { fieldChanges, type FieldChange } from '../../repo/versioning/fields.js';
import type { PolicyPair } from './pair.js';

/** What happened to a policy in a pull request. */
export type ChangeKind = 'added' | 'removed' | 'renamed' | 'changed' | 'metadata';

/** One changed policy in a review. */
export interface PolicyReview {
  id: string;
  title: string;
  /** The file in the working tree, or at the base when removed. */
  file: string;
  /** The language its text is written in (its `lang`, else the repo's locale). */
  lang: string;
  change: ChangeKind;
  renamedFrom: { file: string; id: string } | undefined;
  version: { from: string | undefined; to: string | undefined; bump: BumpKind | undefined; suggested: string | undefined };
  /** precept's classification of the change, and why. */
  level: ChangeLevel;
  reasons: Reason[];
  fields: FieldChange[];
  redline: Redline;
  /** Whether the content hash changed, so approvals of the old text no longer count. */
  needsApproval: boolean;
  /** The new text's content hash (undefined when removed). */
  contentHash: string | undefined;
  diagnostics: Diagnostic[];
}

const rawMeta = (p: Policy | undefined): Record<string, unknown> => {
  const data = p?.yaml?.data;
  return data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
};
const hashOf = (p: Policy | undefined, fw: string) => (p ? policyContentHash(rawMeta(p), p.id, p.body, fw) : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Reviews one paired policy: fields, redline, classification and whether its version step fits; reasons in `messages`' language. */
export function reviewPolicy(pair: PolicyPair, base: Project, head: Project, renderer: MarkdownRenderer, empty: Root, messages: Messages): PolicyReview | undefined {
  const { before, after } = pair;
  const fw = head.config.defaultFramework;
  const a = rawMeta(before);
  const b = rawMeta(after);
  const lang = policyLanguage((after ?? before)!, head.config.locale);
  const treeA = before ? renderer.render(before.body).tree : empty;
  const treeB = after ? renderer.render(after.body).tree : empty;
  const rl = redline(treeA, treeB, { lang, labels: redlineLabels(messages) });
  const fields = fieldChanges(a, b, fw);
  const hashA = hashOf(before, base.config.defaultFramework);
  const hashB = hashOf(after, fw);
  const reasons = before && after ? [...classifyBody(rl.changes, { messages, lang }), ...classifyFields(fields, messages)] : [];
  const sourceOnly = before !== undefined && after !== undefined && !rl.changed && normalizeBody(before.body) !== normalizeBody(after.body);
  if (sourceOnly) reasons.push({ level: 'patch', text: messages.t('review.reason.source-only') });
  const level = before && after ? overallLevel(reasons) : after ? 'major' : 'none';
  const change: ChangeKind = !before ? 'added' : !after ? 'removed' : rl.changed || sourceOnly ? 'changed' : fields.length ? 'metadata' : 'renamed';
  if (change === 'renamed' && !pair.renamed) return undefined;
  const from = str(a['version']);
  const to = str(b['version']);
  const diagnostics: Diagnostic[] = [];
  let bump: BumpKind | undefined;
  let suggested: string | undefined;
  if (before && after && from && to && after.yaml) {
    const fit = bumpFit(from, to, level, a['status'] === 'draft', messages);
    bump = fit.bump;
    if (fit.problem) diagnostics.push(diagnosticAt(after.file, after.yaml.locate(['version']), fit.problem.ruleId, fit.problem.severity, fit.problem.message));
    suggested = fit.suggested;
  }
  return {
    id: pair.id,
    title: str(b['title']) ?? str(a['title']) ?? pair.id,
    file: (after ?? before)!.file,
    lang,
    change,
    renamedFrom: pair.renamed ? { file: pair.renamed.fromFile, id: pair.renamed.fromId } : undefined,
    version: { from, to, bump, suggested },
    level,
    reasons,
    fields,
    redline: rl,
    needsApproval: after !== undefined && hashA !== hashB,
    contentHash: hashB,
    diagnostics,
  };
}
