// Marks the compiled binary executable. tsc writes lib/ with mode 644; npm sets the mode only when
// it links a bin, and `npx precept` in this repository reuses a link npm made earlier (its cache
// is keyed by the folder), so a fresh lib/ would otherwise be run by a shell that may not execute it.
import { chmodSync, readFileSync } from 'node:fs';

const bins = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).bin;
for (const file of Object.values(bins)) chmodSync(new URL(`../${file}`, import.meta.url), 0o755);
