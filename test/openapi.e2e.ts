import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Validator } from '@seriousme/openapi-schema-validator';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import type { z } from 'zod';
import { errorBodySchema } from '../src/common/openapi/error-body.js';
import { KubetuneApiError, KubetuneClient } from '../src/client/kubetune-client.js';
import { CLIENT_TYPES_FILE, renderClientTypes } from '../src/cli/openapi-types.js';
import { experimentListSchema, intermediateValuesSchema, parameterImportanceSchema, trialLogsSchema, trialPageSchema, trialValuesSchema } from '../src/experiments/dto/experiment-responses.js';
import { katibExperimentSchema, optimalTrialSchema, trialWithLogSchema } from '../src/katib/views/view-schemas.js';
import { tokenListSchema } from '../src/auth/token-schemas.js';
import { templateListSchema } from '../src/dashboard/template-schemas.js';
import { livenessSchema } from '../src/health/health-schemas.js';
import { askResponseSchema, completionResponseSchema, earlyStoppingAnswerSchema, metricReportAcceptedSchema } from '../src/trials/trial-schemas.js';
import { startTestService, type TestService } from './support/test-service.js';

/**
 * The OpenAPI document as the running service serves it: valid OpenAPI 3,
 * every operation with its request and answer schemas, the committed client
 * types generated from exactly this document, and real answers that fit the
 * schemas the document shows.
 */
type Operation = {
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
};

let service: TestService;
let document: { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> } };
beforeAll(async () => {
  service = await startTestService();
  document = (await request(service.url).get('/docs-json').expect(200)).body;
});
afterAll(async () => {
  await service.close();
});

const operations = () =>
  Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ id: `${method.toUpperCase()} ${path}`, method, operation })));

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toMatch(/^3\./);
  });

  it('declares bearer authentication and the Katib Experiment as components', () => {
    expect(document.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['KatibExperimentManifest', 'KatibExperiment', 'ErrorBody']));
    const manifest = document.components.schemas.KatibExperimentManifest as { required: string[]; properties: Record<string, unknown> };
    expect(manifest.required).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
  });

  it('gives every operation an answer schema, and every operation that takes a body its request schema', () => {
    const missing: string[] = [];
    for (const { id, method, operation } of operations()) {
      const successes = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      if (successes.length === 0) missing.push(`${id}: no success answer`);
      for (const [status, answer] of successes) {
        if (status === '204') continue;
        const schemas = Object.values(answer.content ?? {}).map((media) => media.schema);
        if (schemas.length === 0 || schemas.some((schema) => schema === undefined)) missing.push(`${id}: ${status} has no schema`);
      }
      for (const [status, answer] of Object.entries(operation.responses).filter(([status]) => /^[45]/.test(status))) {
        if (answer.content?.['application/json']?.schema !== undefined && JSON.stringify(answer.content['application/json'].schema) === '{"$ref":"#/components/schemas/ErrorBody"}') continue;
        missing.push(`${id}: ${status} is not the ErrorBody`);
      }
      if (['post', 'put', 'patch'].includes(method)) {
        const bodies = Object.entries(operation.requestBody?.content ?? {});
        // Stopping takes no body: the route reads none.
        if (id === 'POST /api/v1/experiments/{name}/stop') continue;
        if (bodies.length === 0 || bodies.some(([, media]) => media.schema === undefined)) missing.push(`${id}: no request schema`);
      }
    }
    expect(missing).toEqual([]);
    expect(operations().length).toBeGreaterThanOrEqual(25);
  });

  it('asks for a bearer token on every route but the probes and the scrape (the trial\'s own on the routes a trial calls); every parameter typed, none a header OpenAPI ignores', () => {
    const schemeOf = (operation: Operation) => Object.keys(((operation as { security?: object[] }).security ?? [])[0] ?? {}).join() || 'none';
    const bySchema: Record<string, string[]> = {};
    for (const { id, operation } of operations()) (bySchema[schemeOf(operation)] ??= []).push(id);
    expect(bySchema.none.sort()).toEqual(['GET /healthz', 'GET /metrics', 'GET /readyz']);
    // The routes a trial calls take its own token, not an API token.
    expect(bySchema.trialToken.sort()).toEqual([
      'GET /api/v1/experiments/{name}/trials/{trial}/early-stopping',
      'POST /api/v1/experiments/{name}/trials/{trial}/complete',
      'POST /api/v1/experiments/{name}/trials/{trial}/metrics',
    ]);
    expect(Object.keys(bySchema).sort()).toEqual(['bearer', 'none', 'trialToken']);
    expect(document.components.securitySchemes.trialToken).toMatchObject({ type: 'http', scheme: 'bearer' });
    const headers = operations().flatMap(({ id, operation }) =>
      ((operation as { parameters?: { in: string; name: string }[] }).parameters ?? []).filter((p) => p.in === 'header').map((p) => `${id}: ${p.name}`),
    );
    expect(headers).toEqual([]);
    const untyped = operations().flatMap(({ id, operation }) =>
      ((operation as { parameters?: { name: string; schema?: { type?: string } }[] }).parameters ?? []).filter((p) => !p.schema?.type).map((p) => `${id}: ${p.name}`),
    );
    expect(untyped).toEqual([]);
  });

  it('resolves every $ref to a component', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]);
    expect(refs.filter((name) => !(name in document.components.schemas))).toEqual([]);
  });

  it('is the document the committed client types were generated from (npm run openapi:types writes them again)', async () => {
    expect(readFileSync(CLIENT_TYPES_FILE, 'utf8')).toBe(await renderClientTypes(document));
  });
});

describe('answers fit the schemas the document shows', () => {
  const fits = <T extends z.ZodType>(schema: T, body: unknown) => expect(schema.safeParse(body).error?.issues ?? []).toEqual([]);

  it('for experiments, trials and ask/tell, through the typed client', async () => {
    const client = new KubetuneClient({ url: service.url, token: service.token });
    const manifest = {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Experiment',
      metadata: { name: 'openapi-fit' },
      spec: {
        objective: { type: 'minimize', objectiveMetricName: 'loss', goal: 0.001 },
        algorithm: { algorithmName: 'random' },
        earlyStopping: { algorithmName: 'medianstop', algorithmSettings: [{ name: 'min_trials_required', value: '1' }] },
        parallelTrialCount: 2,
        maxTrialCount: 6,
        parameters: [
          { name: 'x', parameterType: 'double', feasibleSpace: { min: '-2', max: '2' } },
          { name: 'kind', parameterType: 'categorical', feasibleSpace: { list: ['a', 'b'] } },
        ],
      },
    };
    fits(katibExperimentSchema, await client.createExperiment(manifest));
    const { trials } = await client.askForTrials('openapi-fit', 2);
    fits(askResponseSchema, { trials });
    const [first, second] = trials;
    const pushed = await request(service.url)
      .post(`/api/v1/experiments/openapi-fit/trials/${first.name}/metrics`)
      .set('authorization', `Bearer ${first.token}`)
      .set('content-type', 'application/json')
      .send(JSON.stringify({ metrics: { loss: 0.5 }, step: 1 }));
    expect(pushed.status).toBe(202);
    fits(metricReportAcceptedSchema, pushed.body);
    const stop = await request(service.url).get(`/api/v1/experiments/openapi-fit/trials/${first.name}/early-stopping`).set('authorization', `Bearer ${first.token}`);
    fits(earlyStoppingAnswerSchema, stop.body);
    fits(completionResponseSchema, await client.completeTrial('openapi-fit', first.name, first.token, { metrics: { loss: 0.25 }, step: 2 }));
    fits(completionResponseSchema, await client.completeTrial('openapi-fit', second.name, second.token, { state: 'Failed', message: 'diverged' }));

    fits(katibExperimentSchema, await client.getExperiment('openapi-fit'));
    fits(experimentListSchema, await client.listExperimentsPage({ limit: 5 }));
    fits(trialPageSchema, await client.listTrials('openapi-fit', { sort: 'objective' }));
    fits(trialWithLogSchema, await client.getTrial('openapi-fit', first.name));
    fits(trialLogsSchema, await client.getTrialLogs('openapi-fit', first.name));
    fits(optimalTrialSchema, await client.getOptimalTrial('openapi-fit'));
    fits(katibExperimentSchema, await client.editExperimentBudget('openapi-fit', { maxTrialCount: 8 }));
    fits(trialValuesSchema, (await service.api.get('/api/v1/experiments/openapi-fit/trial-values')).body);
    fits(parameterImportanceSchema, (await service.api.get('/api/v1/experiments/openapi-fit/parameter-importance')).body);
    fits(intermediateValuesSchema, (await service.api.get('/api/v1/experiments/openapi-fit/intermediate-values')).body);
    fits(katibExperimentSchema, await client.stopExperiment('openapi-fit'));
    await client.deleteExperiment('openapi-fit');
  });

  it('for errors, tokens, templates and health', async () => {
    const client = new KubetuneClient({ url: service.url, token: service.token });
    const refused = await client.createExperiment({ apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment', metadata: {}, spec: {} }).catch((error: KubetuneApiError) => error);
    expect(refused).toBeInstanceOf(KubetuneApiError);
    expect((refused as KubetuneApiError).status).toBe(400);
    expect((refused as KubetuneApiError).errors).toEqual(expect.arrayContaining([expect.stringMatching(/^metadata\.name: /)]));
    const invalid = await service.api.post('/api/v1/experiments').set('content-type', 'application/json').send('{"kind": 1}');
    expect(invalid.status).toBe(400);
    fits(errorBodySchema, invalid.body);
    const absent = await service.api.get('/api/v1/experiments/no-such-experiment');
    expect(absent.status).toBe(404);
    fits(errorBodySchema, absent.body);
    fits(errorBodySchema, (await request(service.url).get('/api/v1/experiments')).body);
    fits(tokenListSchema, (await service.api.get('/api/v1/tokens')).body);
    fits(templateListSchema, (await service.api.get('/api/v1/experiment-templates')).body);
    fits(livenessSchema, (await request(service.url).get('/healthz')).body);
  });
});
