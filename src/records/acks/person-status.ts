import type { IsoDate } from '../../core/dates/calendar.js';
import type { Person } from '../../repo/schema/types.generated.js';
import { requirementsOn, type AckModel } from './requirements.js';
import { seriesOn, versionInForce } from '../../history/timeline/in-force.js';
import { acknowledgeableVersions } from './validity.js';

/** Where one person stands on one policy: what the portal's button and status line show. */
export interface PersonPolicyState {
  policy: string;
  title: string;
  /** The version in force, or null. */
  version: string | null;
  /** Whether the person is in its audience (and on staff). */
  required: boolean;
  state: 'acknowledged' | 'pending' | 'overdue' | 'not-required';
  deadline: IsoDate | null;
  /** The acknowledgement that covers the version in force (same MAJOR), if any. */
  acknowledged: { version: string; at: string } | null;
  /** Versions the person may acknowledge today. */
  acknowledgeable: string[];
}

/** One person's standing on every policy on a day, for `GET /api/me`. */
export function personOverview(model: AckModel, person: Person, day: IsoDate): PersonPolicyState[] {
  const owed = new Map(requirementsOn(model, day, [person]).map((r) => [r.policy, r]));
  return model.timelines.map((t): PersonPolicyState => {
    const r = owed.get(t.policy);
    const inForce = versionInForce(t, day);
    const series = seriesOn(t, day);
    const ack = r?.acknowledgement ?? (series ? model.acks.counting(t.policy, person.id, series.major, day) : undefined);
    return {
      policy: t.policy,
      title: t.title,
      version: inForce !== undefined ? t.versions[inForce]!.version : null,
      required: r !== undefined,
      state: r ? (r.state === 'lapsed' ? 'pending' : r.state) : ack ? 'acknowledged' : 'not-required',
      deadline: r?.deadline ?? null,
      acknowledged: ack ? { version: ack.record.version, at: ack.record.at } : null,
      acknowledgeable: acknowledgeableVersions(model, t, day),
    };
  });
}
