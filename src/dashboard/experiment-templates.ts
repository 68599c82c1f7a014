import { Injectable } from '@nestjs/common';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { repositoryRoot } from './repository-root.js';

export interface ExperimentTemplate {
  /** Path under examples/, e.g. `kubernetes/gpu-job.yaml`. */
  id: string;
  /** The file's first comment line, which in examples/ says what the experiment does. */
  description: string;
  yaml: string;
}

/**
 * The repository's example experiments, offered as starting points in the
 * dashboard's editor. Read once: they ship with the code. Only Katib
 * `Experiment` files qualify (examples/ also holds a ConfigMap).
 */
@Injectable()
export class ExperimentTemplates {
  private cached?: ExperimentTemplate[];

  constructor(private readonly examplesDir: string = path.join(repositoryRoot(), 'examples')) {}

  all(): ExperimentTemplate[] {
    this.cached ??= yamlFiles(this.examplesDir)
      .map((file) => ({ file, yaml: readFileSync(file, 'utf8') }))
      .filter(({ yaml }) => parseDocument(yaml).get('kind') === 'Experiment')
      .map(({ file, yaml }) => ({
        id: path.relative(this.examplesDir, file).split(path.sep).join('/'),
        description: /^#\s*(.+)$/m.exec(yaml)?.[1]?.trim() ?? '',
        yaml,
      }))
      .sort((a, b) => offerOrder(a.id) - offerOrder(b.id) || a.id.localeCompare(b.id));
    return this.cached;
  }
}

/** The quickstart first (it runs anywhere, as the README's first example), then local examples before cluster ones. */
function offerOrder(id: string): number {
  return id === 'quickstart.yaml' ? 0 : id.split('/').length;
}

function yamlFiles(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(entry) ? [full] : [];
  });
}
