import { describe, expect, it } from '@jest/globals';
import { importCycles, importEdges, layerViolations, type LayerTable, productionModules } from './import-graph.js';

/**
 * The layers of docs/architecture.md, lowest first. The pure algorithms sit
 * under everything; the domain floor (identity, trial lifecycle, outcomes,
 * status) under every adapter; the roles and entry points on top.
 */
const LAYERS: LayerTable = [
  ['algorithms'],
  ['src/config', 'src/domain'],
  ['src/common'],
  ['src/katib', 'src/storage'],
  ['src/queues', 'src/kubernetes', 'src/client', 'src/auth'],
  ['src/telemetry'],
  ['src/reconcile', 'src/early-stopping'],
  ['src/execution'],
  ['src/experiments', 'src/trials', 'src/health', 'src/http', 'src/worker', 'src/dashboard'],
  ['src/app.module.ts'],
  ['src/main.ts'],
  ['src/demo', 'src/bench', 'src/cli'],
];

const modules = productionModules(process.cwd(), ['algorithms', 'src']);
const edges = importEdges(process.cwd(), modules);

describe('import layers', () => {
  it('reads the imports of every production module', () => {
    expect(modules).toContain('src/domain/identity.ts');
    expect(edges).toContainEqual({ from: 'src/storage/keys.ts', to: 'src/domain/identity.ts' });
  });

  it('has no import that runs up a layer or sideways into another folder', () => {
    expect(layerViolations(edges, LAYERS)).toEqual([]);
  });

  it('has no circular imports', () => {
    expect(importCycles(edges).map((cycle) => cycle.join(' -> '))).toEqual([]);
  });

  it('reports an upward, a sideways and an unlayered import', () => {
    const problems = layerViolations(
      [
        { from: 'src/storage/trial.repository.ts', to: 'src/experiments/experiments.service.ts' },
        { from: 'src/katib/spec/schema.ts', to: 'src/storage/keys.ts' },
        { from: 'src/storage/keys.ts', to: 'src/domain/identity.ts' },
        { from: 'src/elsewhere/thing.ts', to: 'src/domain/identity.ts' },
      ],
      LAYERS,
    );
    expect(problems).toEqual([
      'src/storage/trial.repository.ts imports src/experiments/experiments.service.ts: src/storage (layer 3) reaches up to src/experiments (layer 8)',
      'src/katib/spec/schema.ts imports src/storage/keys.ts: src/katib (layer 3) reaches sideways into src/storage (layer 3)',
      'src/elsewhere/thing.ts: not in any layer',
    ]);
  });

  it('finds a cycle', () => {
    const cycles = importCycles([
      { from: 'a.ts', to: 'b.ts' },
      { from: 'b.ts', to: 'c.ts' },
      { from: 'c.ts', to: 'a.ts' },
    ]);
    expect(cycles).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
