/** Bounds that keep untrusted input from exhausting memory or time. */
export const LIMITS = {
  /** Largest policy, control, roster or catalogue file read, in bytes. */
  maxFileBytes: 2 * 1024 * 1024,
  /** Largest YAML document (frontmatter or data file) parsed, in bytes. */
  maxYamlBytes: 512 * 1024,
  /** Largest roster (people.yaml), file and YAML: large organisations list tens of thousands of people. */
  maxRosterBytes: 16 * 1024 * 1024,
  /** Alias expansions allowed when turning YAML into data (billion-laughs guard). */
  maxAliasCount: 100,
  /** Largest file a policy shows or attaches (image, form, spreadsheet), in bytes: the portal and every PDF carry it. */
  maxAssetBytes: 10 * 1024 * 1024,
  /** Largest image written inline as a data: URL, in bytes. */
  maxDataImageBytes: 512 * 1024,
  /** Deepest nesting followed in a directory walk. */
  maxDirDepth: 32,
} as const;
