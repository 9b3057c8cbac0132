/**
 * Where every page of the portal lives, as paths from the site root. Pages link to each other
 * with relative URLs (`../../controls/AC-01/index.html`) that spell out index.html, so the site
 * works from file:// and from any subfolder of a web server.
 */
export const urls = {
  home: 'index.html',
  policy: (id: string) => `policies/${id}/index.html`,
  version: (id: string, slug: string) => `policies/${id}/v/${slug}/index.html`,
  controls: 'controls/index.html',
  control: (id: string) => `controls/${id}/index.html`,
  frameworks: 'frameworks/index.html',
  framework: (id: string) => `frameworks/${id}/index.html`,
  criterion: (framework: string, id: string) => `frameworks/${framework}/index.html#${criterionAnchor(id)}`,
  search: 'search/index.html',
  /** What the signed-in person owes (filled in under `precept serve`). */
  my: 'my/index.html',
  calendar: 'reviews.ics',
  asset: (name: string) => `assets/${name}`,
  /** A policy's image or attachment, under its content-hashed name. */
  file: (name: string) => `files/${name}`,
  /** A policy's PDF (copied from the PDF stage). */
  pdf: (name: string) => `pdf/${name}`,
} as const;

/** The id of a criterion's row in its framework's matrix. */
export function criterionAnchor(id: string): string {
  return `c-${id}`;
}

/** The relative prefix from a page to the site root: '' at the root, '../' one folder down. */
export function rootFrom(pagePath: string): string {
  // Counted, not split: this runs for every link of every page (0.15 s of a 1000-policy rebuild).
  let depth = 0;
  for (let i = pagePath.indexOf('/'); i >= 0; i = pagePath.indexOf('/', i + 1)) depth++;
  return '../'.repeat(depth);
}

/** A relative URL from one page to a site path. */
export function relative(fromPage: string, to: string): string {
  return `${rootFrom(fromPage)}${to}`;
}
