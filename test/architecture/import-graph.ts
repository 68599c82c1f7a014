import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import of one module by another, both as paths relative to the repository root. */
export interface ImportEdge {
  from: string;
  to: string;
}

/**
 * The layers of the code, lowest first. A module may import its own folder
 * and folders of lower layers only; two folders in the same layer are
 * independent of each other. A folder is named by its path prefix; the
 * longest matching prefix decides.
 */
export type LayerTable = readonly (readonly string[])[];

/** Every production module (no *.spec.ts, no test/) under the given roots. */
export function productionModules(repositoryRoot: string, roots: readonly string[]): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((entry) => {
      const full = path.join(dir, entry);
      return statSync(full).isDirectory() ? walk(full) : [full];
    });
  return roots
    .flatMap((root) => walk(path.join(repositoryRoot, root)))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.spec.ts') && !file.endsWith('.d.ts'))
    .map((file) => path.relative(repositoryRoot, file))
    .sort();
}

/** The relative imports of each module, static, dynamic and type-only alike, as the compiler reads them. */
export function importEdges(repositoryRoot: string, modules: readonly string[]): ImportEdge[] {
  return modules.flatMap((from) => {
    const text = readFileSync(path.join(repositoryRoot, from), 'utf8');
    return ts
      .preProcessFile(text, true, true)
      .importedFiles.map((imported) => imported.fileName)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => ({
        from,
        to: path.normalize(path.join(path.dirname(from), specifier)).replace(/\.js$/, '.ts'),
      }));
  });
}

function layerOf(module: string, layers: LayerTable): { rank: number; folder: string } | undefined {
  let best: { rank: number; folder: string } | undefined;
  layers.forEach((folders, rank) => {
    for (const folder of folders) {
      const inside = module === folder || module.startsWith(`${folder}/`);
      if (inside && (!best || folder.length > best.folder.length)) best = { rank, folder };
    }
  });
  return best;
}

/** Each import that runs up a layer or sideways into another folder of the same layer, in words. */
export function layerViolations(edges: readonly ImportEdge[], layers: LayerTable): string[] {
  const problems: string[] = [];
  for (const { from, to } of edges) {
    const source = layerOf(from, layers);
    const target = layerOf(to, layers);
    if (!source) problems.push(`${from}: not in any layer`);
    else if (!target) problems.push(`${from} imports ${to}, which is not in any layer`);
    else if (source.folder !== target.folder && target.rank >= source.rank) {
      const direction = target.rank === source.rank ? 'sideways into' : 'up to';
      problems.push(`${from} imports ${to}: ${source.folder} (layer ${source.rank}) reaches ${direction} ${target.folder} (layer ${target.rank})`);
    }
  }
  return problems;
}

/** Every import cycle among the modules, each as the path that closes it. */
export function importCycles(edges: readonly ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (module: string): void => {
    state.set(module, 'open');
    stack.push(module);
    for (const target of next.get(module) ?? []) {
      if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target]);
      else if (!state.has(target)) visit(target);
    }
    stack.pop();
    state.set(module, 'done');
  };
  for (const module of next.keys()) if (!state.has(module)) visit(module);
  return cycles;
}
