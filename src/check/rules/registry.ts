import { approvalMissing } from './approval-missing.js';
import { approvalSignature } from './approval-signature.js';
import { assetTooLarge } from './asset-too-large.js';
import { headingSyntax } from './heading-syntax.js';
import { imageData } from './image-data.js';
import { remoteImage } from './remote-image.js';
import { reservedId } from './reserved-id.js';
import { siteAbsoluteLink } from './site-absolute-link.js';
import { templateTag } from './template-tag.js';
import { bodyLimits } from './body-limits.js';
import { brokenLink } from './broken-link.js';
import { coverageGap } from './coverage-gap.js';
import { duplicateId } from './duplicate-id.js';
import { ledgerIntegrity } from './ledger-integrity.js';
import { missingGlyph } from './missing-glyph.js';
import { personLeft } from './person-left.js';
import { reviewOverdue } from './review-overdue.js';
import { sshKey } from './ssh-key.js';
import type { Rule } from './rule.js';
import { statusConsistency } from './status-consistency.js';
import { unknownControl } from './unknown-control.js';
import { unknownCriterion } from './unknown-criterion.js';
import { unknownGroup } from './unknown-group.js';
import { unknownPerson } from './unknown-person.js';
import { unknownPolicy } from './unknown-policy.js';
import { unreferencedControl } from './unreferenced-control.js';

/** Every rule `precept check` runs, in the order their findings are listed in docs/rules.md. */
export const RULES: readonly Rule[] = [
  duplicateId,
  reservedId,
  unknownPerson,
  unknownGroup,
  unknownCriterion,
  unknownControl,
  unknownPolicy,
  bodyLimits,
  brokenLink,
  missingGlyph,
  siteAbsoluteLink,
  assetTooLarge,
  imageData,
  remoteImage,
  headingSyntax,
  templateTag,
  statusConsistency,
  personLeft,
  reviewOverdue,
  coverageGap,
  unreferencedControl,
  ledgerIntegrity,
  approvalMissing,
  sshKey,
  approvalSignature,
];

/**
 * Rule ids reported while loading files, before any rule runs (listed so docs and `precept
 * rules` cover every id a user can see).
 */
export const LOAD_RULE_IDS: Readonly<Record<string, string>> = {
  'file-empty': 'A policy, controls or roster file has no content.',
  'file-encoding': 'Files are UTF-8.',
  'file-too-large': 'Files are under the size limit (2 MiB).',
  'file-unreadable': 'A file could not be read.',
  'symlink-outside-root': 'Symlinks that lead outside the repository are not followed.',
  'frontmatter-missing': 'Every policy starts with YAML frontmatter between --- lines.',
  'frontmatter-unterminated': 'The frontmatter is closed with a --- line.',
  'yaml-syntax': 'Frontmatter and data files are well-formed YAML, without excessive aliases.',
  schema: 'Frontmatter, controls, roster and catalogues match their JSON Schemas in schemas/.',
  'policy-id': 'A policy without id: has a kebab-case file name.',
  'roster-missing': 'people.yaml exists.',
  'trust-change': 'With --base: a pull request changes identities, roster membership, approvers, config paths, theme files or adds ledger records itself; each needs approval of its own.',
};
