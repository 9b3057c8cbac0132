import type { IsoDate } from '../../core/dates/calendar.js';
import type { Project } from '../../repo/project/types.js';
import { loadAckModel } from './model.js';
import type { AckModel } from './requirements.js';
import { acknowledgementStatus } from './status.js';

/** One policy's bar on the portal's home page. */
export interface AckShare {
  policy: string;
  title: string;
  version: string;
  required: number;
  acknowledged: number;
  overdue: number;
  /** acknowledged / required, 0..1. */
  share: number;
  /** Whole percent, rounded down: 100 only when everyone has acknowledged. */
  percent: number;
}

/** The view model of `site/partials/ack-share.hbs`. */
export interface AckShareView {
  asOf: IsoDate;
  /** False when the ledger failed verification: the partial says so. */
  intact: boolean;
  policies: AckShare[];
}

/** The share of required people who acknowledged each policy in force with an audience, as of a day. */
export function ackShares(model: AckModel & { intact?: boolean }, asOf: IsoDate): AckShareView {
  const policies = acknowledgementStatus(model, asOf).policies
    .filter((p) => p.version !== undefined && p.required > 0)
    .map((p): AckShare => ({
      policy: p.policy, title: p.title, version: p.version!, required: p.required, acknowledged: p.acknowledged,
      overdue: p.overdue.length, share: p.share, percent: Math.floor(p.share * 100),
    }));
  return { asOf, intact: model.intact ?? true, policies };
}

/**
 * For the site stage: the per-policy acknowledgement shares as of the build date, ready for
 * `{{> ack-share ackShares}}` on the home page.
 */
export async function acknowledgementShares(project: Project, asOf: IsoDate): Promise<AckShareView> {
  return ackShares(await loadAckModel(project), asOf);
}
