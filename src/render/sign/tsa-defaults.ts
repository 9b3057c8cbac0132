// Apart from tsa-client.ts so that the CLI can word its options without loading the ASN.1 and
// signing code (node-forge) a build without a signed pack never uses.

/** How long `--tsa` waits by default. */
export const DEFAULT_TSA_TIMEOUT_MS = 10_000;
