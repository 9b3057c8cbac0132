import { Memo } from '../../core/memo.js';
import { hashKey } from '../build/cache.js';
import type { BuildData } from '../data/build-data.js';
import { objectId } from '../data/view-memory.js';
import type { PolicyView } from '../data/views.js';
import type { SiteInfo } from './chrome.js';
import type { VersionFiles } from './files.js';
import { pageKey, type PageSpec } from './page-writer.js';
import { urls } from './urls.js';

/**
 * The keys of a policy's pages (its page, then one per version) by a hash of everything those
 * pages show: its view (by identity), its translations, its files and PDF, and the site's key (theme,
 * messages, every policy's file and id). A dev rebuild after one edit then makes and hashes the
 * pages of the edited policy only; the keys are a pure function of that hash, so an entry is
 * never stale, and each is a few strings, so the memo stays small.
 */
const keysByInputs = new Memo<string, string[]>({ entries: 20_000 });

/** A page whose spec is made only when it is read: a page carried over is never made at all. */
class LazyPageSpec implements PageSpec {
  constructor(readonly path: string, private readonly made: () => PageSpec) {}
  get template(): string {
    return this.made().template;
  }
  get data(): Record<string, unknown> {
    return this.made().data;
  }
  get needs() {
    return this.made().needs!;
  }
  get complete() {
    return this.made().complete!;
  }
}

/** What a policy's pages are made from, besides the site: as `policyPages` of site-stage.ts reads them. */
export interface PolicyPageInputs {
  data: BuildData;
  site: SiteInfo;
  policy: PolicyView;
  /** Each version's files, in the order of `policy.versions`. */
  files: readonly VersionFiles[];
  pdf: string | undefined;
}

/** Everything a policy's pages show, hashed (see keysByInputs). */
function inputsKey({ data, site, policy, files, pdf }: PolicyPageInputs): string {
  // The translations as translationLinks reads them: the group's ids and languages.
  const original = policy.translationOf !== undefined && data.policiesById.has(policy.translationOf) ? policy.translationOf : policy.id;
  const translations = (data.translations.get(original) ?? []).map((p) => [p.id, p.lang]);
  // The view by identity: a live build hands back the same object when the view's own inputs
  // did not change (render/data/view-memory.ts), and views are never changed once made.
  return hashKey('policy-pages', site.key, site.name, site.orgName, pdf ?? '', String(objectId(policy)), JSON.stringify([translations, files]));
}

/**
 * A policy's pages and their keys for a live rebuild: when its inputs are those of a page set
 * keyed before, the keys are remembered and the pages are made only if one must be written.
 */
export function livePolicyPages(inputs: PolicyPageInputs, make: () => PageSpec[]): { pages: PageSpec[]; keys: string[] } {
  const { policy, site } = inputs;
  let made: PageSpec[] | undefined;
  const specs = () => {
    if (made) return made;
    made = make();
    const paths = [urls.policy(policy.id), ...policy.versions.map((v) => urls.version(policy.id, v.slug))];
    if (made.length !== paths.length || made.some((spec, i) => spec.path !== paths[i])) throw new Error(`livePolicyPages: ${policy.id}'s pages are not where its keys say`);
    return made;
  };
  const keys = keysByInputs.get(inputsKey(inputs), () => specs().map((spec) => pageKey(spec, site.key)));
  if (made) return { pages: made, keys };
  const paths = [urls.policy(policy.id), ...policy.versions.map((v) => urls.version(policy.id, v.slug))];
  return { pages: paths.map((p, i) => new LazyPageSpec(p, () => specs()[i]!)), keys };
}
