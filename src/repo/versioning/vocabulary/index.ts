import { en } from './en.js';
import { ja } from './ja.js';
import type { Vocabulary } from './types.js';

export type { Force, SectionKind, Terms, Vocabulary } from './types.js';
export { MATERIAL_SECTIONS } from './types.js';

/**
 * Every language's vocabulary. The classifier applies all of them to every text: policies mix
 * languages (an English MUST in a Japanese 規程), and a term of one never occurs in another's text.
 */
export const VOCABULARIES: readonly Vocabulary[] = [en, ja];
