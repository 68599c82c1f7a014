import { z } from 'zod';
import { apiComponent } from '../common/openapi/api-schemas.js';
import type { Assert, SameShape } from '../common/openapi/same-shape.js';
import type { CallerTrialsService, HandedOutTrial } from './caller-trials.service.js';
import { MAX_ASK_COUNT } from './caller-trials.service.js';
import type { MetricReportsService } from './metric-reports.service.js';

/**
 * The ask/tell and push routes' bodies, for the OpenAPI document. The
 * requests are read by the field-by-field parsers beside them (which name
 * every problem's field); trial-schemas.spec.ts holds these schemas and the
 * parsers to agreeing: what a schema accepts, its parser accepts. The
 * answers are tied to the services' types.
 */

const metricValues = z
  .record(z.string(), z.union([z.number(), z.string()]))
  .describe('Metric name to value: a number, or a numeric string; only metrics of the experiment\'s objective');

export const askRequestSchema = apiComponent(
  'AskRequest',
  z.strictObject({ count: z.number().int().min(1).max(MAX_ASK_COUNT).optional().describe('How many trials; 1 when absent') }),
);

const handedOutTrialSchema = apiComponent(
  'HandedOutTrial',
  z.object({
    name: z.string(),
    parameterAssignments: z.array(z.object({ name: z.string(), value: z.string() })),
    labels: z.record(z.string(), z.string()).optional().describe("PBT's generation and parent, as on the trial"),
    token: z.string().describe("Send as Authorization: Bearer <token> to the trial's metrics, early-stopping and complete routes"),
  }),
);

export const askResponseSchema = apiComponent('AskResponse', z.object({ trials: z.array(handedOutTrialSchema) }));

export const completionRequestSchema = apiComponent(
  'TrialCompletion',
  z.strictObject({
    state: z.enum(['Succeeded', 'Failed', 'Infeasible']).optional().describe('Succeeded when absent'),
    message: z.string().max(1000).optional().describe('Why the trial failed or is infeasible'),
    metrics: metricValues.optional().describe('Final values, recorded as the last observations before the trial is judged'),
    step: z.number().int().min(0).optional().describe('The step of `metrics`; only with metrics'),
  }),
);

export const completionResponseSchema = apiComponent(
  'TrialCompleted',
  z.object({ name: z.string(), phase: z.string(), reason: z.string().optional(), message: z.string().optional() }),
);

export const earlyStoppingAnswerSchema = apiComponent(
  'EarlyStoppingAnswer',
  z.object({ shouldStop: z.boolean(), reason: z.string().optional().describe("The rule's reason, when it says stop") }),
);

export const metricReportSchema = apiComponent(
  'MetricReport',
  z.strictObject({
    metrics: metricValues,
    step: z.number().int().min(0).optional(),
    timestamp: z.string().optional().describe('ISO-8601; the time of receipt when absent'),
  }),
);

export const metricReportAcceptedSchema = apiComponent('MetricReportAccepted', z.object({ accepted: z.number().int().describe('Observations recorded') }));

export type TrialBodiesMatchTheirSchemas = [
  Assert<SameShape<HandedOutTrial, z.output<typeof handedOutTrialSchema>>>,
  Assert<SameShape<Awaited<ReturnType<CallerTrialsService['ask']>>, z.output<typeof askResponseSchema>>>,
  Assert<SameShape<Awaited<ReturnType<CallerTrialsService['shouldStop']>>, z.output<typeof earlyStoppingAnswerSchema>>>,
  Assert<SameShape<Awaited<ReturnType<MetricReportsService['report']>>, z.output<typeof metricReportAcceptedSchema>>>,
];
