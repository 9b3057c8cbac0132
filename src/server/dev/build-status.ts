import { formatPretty } from '../../core/diagnostics/format/pretty.js';
import type { BuildResult } from '../../render/build/build.js';

/** Why the last build produced nothing new: a one-line summary and the full report. */
export interface DevFailure {
  summary: string;
  /** The diagnostics as `precept check` prints them (code frames, no colour), or the error. */
  details: string;
}

/**
 * The outcome of the last build, which the server shows on every page until a build succeeds:
 * state held on the server, so a reload (or the first visit) still says what is wrong.
 */
export class BuildStatus {
  private last: DevFailure | undefined;

  /** The failure to show, or undefined when the last build succeeded. */
  get failure(): DevFailure | undefined {
    return this.last;
  }

  /** Records a finished build: cleared when it built, its errors when check refused it. */
  built(result: BuildResult): void {
    if (result.built) {
      this.last = undefined;
      return;
    }
    const errors = result.counts.errors;
    const shown = result.diagnostics.filter((d) => d.severity === 'error');
    this.last = {
      summary: `check found ${errors} error${errors === 1 ? '' : 's'}`,
      details: formatPretty(shown, { color: false, sources: result.project.sources }),
    };
  }

  /** Records a build that could not run at all. */
  failed(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.last = { summary: 'the build failed', details: message };
  }
}
