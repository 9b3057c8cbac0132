import { packStage } from '../pack/pack-stage.js';
import { pdfStage } from '../render-pdf/pdf-stage.js';
import { siteStage } from '../render-site/site-stage.js';
import type { BuildStage } from './context.js';

/** The stages of `precept build`, in order. A stage writes only its own folder under the output folder. */
export const BUILD_STAGES: readonly BuildStage[] = [
  siteStage,
  pdfStage,
  packStage,
];
