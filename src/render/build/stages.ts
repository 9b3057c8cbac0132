import type { BuildOptions, BuildStage } from './context.js';

/**
 * A stage of `precept build` before it is loaded: whether it runs is decided from the options
 * alone, so a build without PDFs never loads Chromium's driver or the PDF libraries.
 */
export interface StageEntry {
  name: string;
  /** Whether the stage runs for these options (default: yes, unless skipped). */
  enabled?(options: BuildOptions): boolean;
  load(): Promise<BuildStage>;
}

/** The stages of `precept build`, in order. A stage writes only its own folder under the output folder. */
export const BUILD_STAGES: readonly StageEntry[] = [
  { name: 'site', load: async () => (await import('../site/site-stage.js')).siteStage },
  { name: 'pdf', load: async () => (await import('../pdf/pdf-stage.js')).pdfStage },
  { name: 'pack', enabled: (options) => options.pack !== undefined, load: async () => (await import('../pack/pack-stage.js')).packStage },
];

/** The stages that run for these options, loading while the caller does other work. */
export function activeStages(options: BuildOptions): Promise<BuildStage[]> {
  const entries = BUILD_STAGES.filter((stage) => !options.skip?.has(stage.name) && (stage.enabled?.(options) ?? true));
  return Promise.all(entries.map((stage) => stage.load()));
}
