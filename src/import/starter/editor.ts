import path from 'node:path';

/**
 * Where a repo's editors find precept's JSON Schemas: a folder relative to the repo root, the
 * `schemas/` of the precept installed in the repo's node_modules.
 */
export interface SchemaLocation {
  /** POSIX path from the repo root to precept's schemas/ folder. */
  fromRoot: string;
  /** Whether that folder exists now (else it will once precept is installed as a dev dependency). */
  installed: boolean;
}

/** The schema each YAML file of a repo follows, by its path. */
export function schemaFor(file: string): string | undefined {
  if (file === 'precept.config.yaml' || file === 'precept.config.yml') return 'config.schema.json';
  if (file === 'people.yaml') return 'people.schema.json';
  if (/^controls\/.+\.ya?ml$/.test(file)) return 'control.schema.json';
  if (/^frameworks\/[^/]+\.ya?ml$/.test(file)) return 'framework.schema.json';
  return undefined;
}

const MODELINE = /^#\s*yaml-language-server:\s*\$schema=/m;

/**
 * A YAML file with a first line naming its schema for the YAML language server (VS Code's YAML
 * extension, Neovim, Helix, JetBrains), relative to the file, so a typo is underlined as it is
 * typed. Files that name a schema already are left alone.
 */
export function withSchemaModeline(file: string, text: string, schemas: SchemaLocation): string {
  const schema = schemaFor(file);
  if (!schema || MODELINE.test(text)) return text;
  const relative = path.posix.relative(path.posix.dirname(file), `${schemas.fromRoot}/${schema}`);
  return `# yaml-language-server: $schema=${relative}\n${text}`;
}

/**
 * `.vscode/settings.json` mapping each kind of file to its schema (for files made later, which
 * have no modeline), and `.vscode/extensions.json` recommending the YAML extension.
 */
export function editorFiles(schemas: SchemaLocation): Map<string, string> {
  const at = (name: string) => `./${schemas.fromRoot}/${name}`;
  const settings = {
    'yaml.schemas': {
      [at('config.schema.json')]: ['precept.config.yaml', 'precept.config.yml'],
      [at('people.schema.json')]: ['people.yaml'],
      [at('control.schema.json')]: ['controls/**/*.yaml', 'controls/**/*.yml'],
      [at('framework.schema.json')]: ['frameworks/*.yaml', 'frameworks/*.yml'],
    },
  };
  return new Map([
    ['.vscode/settings.json', `${JSON.stringify(settings, null, 2)}\n`],
    ['.vscode/extensions.json', `${JSON.stringify({ recommendations: ['redhat.vscode-yaml'] }, null, 2)}\n`],
  ]);
}

/**
 * Where the schemas are for a repo at `target`: the precept running now when it is installed in
 * a node_modules the repo sees (relative, so the path holds on every clone), else the place an
 * `npm install --save-dev precept` in the repo puts them.
 */
export function schemaLocation(target: string, packageRoot: string, exists: (p: string) => boolean): SchemaLocation {
  const marker = `${path.sep}node_modules${path.sep}`;
  const at = packageRoot.lastIndexOf(marker);
  if (at >= 0) {
    const project = packageRoot.slice(0, at);
    const inside = path.relative(project, target);
    if (!inside.startsWith('..') && !path.isAbsolute(inside)) {
      return { fromRoot: path.relative(target, path.join(packageRoot, 'schemas')).split(path.sep).join('/'), installed: true };
    }
  }
  const fromRoot = 'node_modules/precept/schemas';
  return { fromRoot, installed: exists(path.join(target, ...fromRoot.split('/'))) };
}
