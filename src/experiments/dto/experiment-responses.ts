import { z } from 'zod';
import { apiComponent } from '../../common/openapi/api-schemas.js';
import type { Assert, SameShape } from '../../common/openapi/same-shape.js';
import { katibExperimentSchema, katibTrialSchema, trialPhaseSchema, trialWithLogSchema } from '../../katib/views/view-schemas.js';
import type { ExperimentEvent } from '../../storage/experiment-event-feed.js';
import type { OutputLine } from '../../storage/trial-output.repository.js';
import type { ExperimentNote, ExperimentPage, ExperimentsService, TrialPage } from '../experiments.service.js';
import { MAX_NOTE_CHARACTERS } from './experiment-note.js';
import type { IntermediateValues } from '../intermediate-values.js';
import type { ImportanceResult } from '../parameter-importance.js';
import type { TrialValues } from '../trial-values.js';
import type { BudgetPatch } from './budget-patch.js';

/** The experiments routes' bodies, for the OpenAPI document; each tied to the type its handler returns or reads. */

export const experimentListSchema = apiComponent(
  'ExperimentList',
  z.object({
    items: z.array(katibExperimentSchema),
    total: z.number().int().describe('How many experiments match the filters, across every page'),
    offset: z.number().int(),
    limit: z.number().int(),
    nextOffset: z.number().int().nullable().describe('The offset of the next page, or null on the last one'),
  }),
);

export const experimentNoteSchema = apiComponent(
  'ExperimentNote',
  z.object({ text: z.string(), updatedAt: z.string().nullable().describe('When the note was last saved; null when it never was') }),
);

export const notePutSchema = apiComponent('NotePut', z.strictObject({ text: z.string().max(MAX_NOTE_CHARACTERS) }), `At most ${MAX_NOTE_CHARACTERS} characters (413 beyond)`);

export const budgetPatchSchema = apiComponent(
  'BudgetPatch',
  z.strictObject({
    spec: z.strictObject({
      maxTrialCount: z.number().int().nullable().optional().describe('null removes the limit'),
      parallelTrialCount: z.number().int().optional(),
      maxFailedTrialCount: z.number().int().nullable().optional().describe('null removes the limit'),
    }),
  }),
  'A JSON merge patch (RFC 7396) of the budget; any other field is refused by its path, as Katib allows only these',
);

export const trialPageSchema = apiComponent(
  'TrialPage',
  z.object({ items: z.array(katibTrialSchema), total: z.number().int(), offset: z.number().int(), limit: z.number().int() }),
);

export const trialValuesSchema = apiComponent(
  'TrialValues',
  z.object({
    total: z.number().int(),
    sampled: z.boolean(),
    index: z.array(z.number().int()),
    name: z.array(z.string()),
    phase: z.array(trialPhaseSchema),
    objective: z.array(z.number().nullable()),
    startedAt: z.array(z.number().nullable()).describe('Milliseconds since the epoch; null when not started'),
    completedAt: z.array(z.number().nullable()).describe('Milliseconds since the epoch; null when not finished'),
    parameters: z.record(z.string(), z.array(z.union([z.number(), z.string()]))).describe('Per parameter, its value per trial: a number for int/double, the text for categorical/discrete'),
  }),
  "Every trial's phase, objective and parameters as parallel arrays, for the dashboard's plots",
);

export const parameterImportanceSchema = apiComponent(
  'ParameterImportance',
  z.object({ trials: z.number().int(), parameters: z.array(z.object({ name: z.string(), importance: z.number() })) }),
);

export const intermediateValuesSchema = apiComponent(
  'IntermediateValues',
  z.object({
    total: z.number().int(),
    sampled: z.boolean(),
    trials: z.array(
      z.object({
        name: z.string(),
        index: z.number().int(),
        phase: trialPhaseSchema,
        message: z.string().optional(),
        points: z.array(z.tuple([z.number(), z.number()])).describe('[step, objective value] pairs'),
      }),
    ),
  }),
);

export const trialLogsSchema = apiComponent(
  'TrialLogs',
  z.object({ lines: z.array(z.object({ time: z.string(), stream: z.enum(['stdout', 'stderr']), line: z.string() })) }),
);

export const experimentEventSchema = apiComponent(
  'ExperimentEvent',
  z.object({
    id: z.string().describe('The stream entry id: send it back as Last-Event-ID to resume after it'),
    kind: z.enum(['trials-created', 'trial', 'experiment-completed', 'observations']),
    trial: z.string().optional(),
    phase: z.string().optional(),
    count: z.number().int().optional(),
  }),
  'The data of one server-sent event (each `data:` line is this object as JSON)',
);

export type ExperimentBodiesMatchTheirSchemas = [
  Assert<SameShape<TrialPage, z.output<typeof trialPageSchema>>>,
  Assert<SameShape<ExperimentPage, z.output<typeof experimentListSchema>>>,
  Assert<SameShape<ExperimentNote, z.output<typeof experimentNoteSchema>>>,
  Assert<SameShape<TrialValues, z.output<typeof trialValuesSchema>>>,
  Assert<SameShape<ImportanceResult, z.output<typeof parameterImportanceSchema>>>,
  Assert<SameShape<IntermediateValues, z.output<typeof intermediateValuesSchema>>>,
  Assert<SameShape<{ lines: OutputLine[] }, z.output<typeof trialLogsSchema>>>,
  Assert<SameShape<ExperimentEvent, z.output<typeof experimentEventSchema>>>,
  Assert<SameShape<Awaited<ReturnType<ExperimentsService['getTrial']>>, z.output<typeof trialWithLogSchema>>>,
  Assert<SameShape<BudgetPatch, z.output<typeof budgetPatchSchema>['spec']>>,
];
