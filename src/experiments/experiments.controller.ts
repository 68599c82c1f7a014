import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Caller } from '../auth/caller.js';
import { invalidInput } from '../common/domain-error.js';
import { KEPT_OUTPUT_LINES } from '../storage/trial-output.repository.js';
import { Authenticated, CurrentCaller } from '../auth/route-access.js';
import { MAX_PAGE_SIZE, parseTrialListQuery } from './dto/trial-list.query.js';
import { DEFAULT_EXPERIMENT_PAGE, EXPERIMENT_STATUSES, MAX_EXPERIMENT_PAGE, parseExperimentListQuery } from './dto/experiment-list.query.js';
import { MAX_NOTE_CHARACTERS, parseNoteBody } from './dto/experiment-note.js';
import { ExperimentsService } from './experiments.service.js';
import { sendJsonBody } from '../common/json-body.js';
import { experimentRef } from '../domain/identity.js';
import { schemaRef } from '../common/openapi/api-schemas.js';
import { ApiErrorResponses, ApiJsonResponse } from '../common/openapi/error-body.js';
import { experimentSchema as manifestSchema } from '../katib/spec/experiment.schema.js';
import { katibExperimentSchema, optimalTrialSchema, trialWithLogSchema } from '../katib/views/view-schemas.js';
import {
  budgetPatchSchema,
  experimentListSchema,
  experimentNoteSchema,
  notePutSchema,
  intermediateValuesSchema,
  parameterImportanceSchema,
  trialLogsSchema,
  trialPageSchema,
  trialValuesSchema,
} from './dto/experiment-responses.js';
import { TRIAL_PHASES } from '../domain/trial-phase.js';

const namespaceQuery = { name: 'namespace', required: false, type: String, description: 'Defaults to "default".' };

@ApiTags('experiments')
@ApiBearerAuth()
// Every route: a token is needed and must allow it; Redis may be out of reach for a moment.
@ApiErrorResponses(401, 403, 503)
@Controller('api/v1/experiments')
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  @Post()
  @Authenticated({ level: 'write', namespace: 'checked-by-handler' })
  @ApiOperation({ summary: 'Submit a Katib kubeflow.org/v1beta1 Experiment (YAML or JSON) and start it' })
  @ApiConsumes('application/yaml', 'application/json')
  @ApiBody({ description: 'A Katib Experiment manifest, as YAML or JSON (the same structure either way)', schema: schemaRef(manifestSchema) })
  @ApiJsonResponse(201, katibExperimentSchema, 'The experiment as accepted, defaulted, with its status')
  @ApiErrorResponses(400, 409, 413, 415)
  @ApiQuery({ ...namespaceQuery, description: 'Used when metadata.namespace is not set.' })
  create(
    @CurrentCaller() caller: Caller,
    @Body() body: string,
    @Headers('content-type') contentType?: string,
    @Query('namespace') namespace?: string,
  ) {
    return this.experiments.create(caller, body, contentType, namespace);
  }

  @Get()
  @Authenticated({ level: 'read', namespace: 'checked-by-handler' })
  @ApiOperation({ summary: 'A page of experiments with their status, filtered and sorted; items, total and nextOffset' })
  @ApiJsonResponse(200, experimentListSchema, 'One page of the experiments')
  @ApiErrorResponses(400, 403)
  @ApiQuery({ ...namespaceQuery, description: 'Only this namespace; all namespaces the token may read when absent.' })
  @ApiQuery({ name: 'name', required: false, type: String, description: 'Names containing this text (case-insensitive)' })
  @ApiQuery({ name: 'status', required: false, enum: EXPERIMENT_STATUSES })
  @ApiQuery({ name: 'sort', required: false, enum: ['created', 'name', 'status'] })
  @ApiQuery({ name: 'order', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'offset', required: false, type: Number })
  @ApiQuery({ name: 'limit', required: false, type: Number, description: `Default ${DEFAULT_EXPERIMENT_PAGE}, at most ${MAX_EXPERIMENT_PAGE}` })
  async list(@CurrentCaller() caller: Caller, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    return sendJsonBody(reply, await this.experiments.listBody(caller, parseExperimentListQuery(query)));
  }

  @Get(':name')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: 'An experiment with its Katib status (conditions, counters, currentOptimalTrial)' })
  @ApiJsonResponse(200, katibExperimentSchema, 'The experiment')
  @ApiErrorResponses(400, 404)
  @ApiQuery(namespaceQuery)
  async get(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply, @Query('namespace') namespace?: string) {
    return sendJsonBody(reply, await this.experiments.getBody(experimentRef(name, namespace)));
  }

  @Patch(':name')
  @Authenticated({ level: 'write', namespace: 'query' })
  @ApiOperation({
    summary: 'Edit the budget (maxTrialCount, parallelTrialCount, maxFailedTrialCount) with a JSON merge patch; resumes a LongRunning/FromVolume experiment that reached maxTrialCount',
  })
  @ApiConsumes('application/merge-patch+json', 'application/json')
  @ApiBody({ description: 'e.g. {"spec": {"maxTrialCount": 20}}', schema: schemaRef(budgetPatchSchema) })
  @ApiJsonResponse(200, katibExperimentSchema, 'The experiment with its new budget')
  @ApiErrorResponses(400, 404, 409, 413, 415)
  @ApiQuery(namespaceQuery)
  editBudget(@Param('name') name: string, @Body() body: string, @Headers('content-type') contentType?: string, @Query('namespace') namespace?: string) {
    return this.experiments.editBudget(experimentRef(name, namespace), body, contentType);
  }

  @Get(':name/note')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: "The experiment's free-text note (empty text when none)" })
  @ApiJsonResponse(200, experimentNoteSchema, 'The note')
  @ApiErrorResponses(400, 404)
  @ApiQuery(namespaceQuery)
  getNote(@Param('name') name: string, @Query('namespace') namespace?: string) {
    return this.experiments.getNote(experimentRef(name, namespace));
  }

  @Put(':name/note')
  @Authenticated({ level: 'write', namespace: 'query' })
  @ApiOperation({ summary: `Replace the experiment's note: {"text": "..."}, at most ${MAX_NOTE_CHARACTERS} characters (413 beyond)` })
  @ApiConsumes('application/json')
  @ApiBody({ description: '{"text": "what this experiment taught us"}', schema: schemaRef(notePutSchema) })
  @ApiJsonResponse(200, experimentNoteSchema, 'The note as saved')
  @ApiErrorResponses(400, 404, 413)
  @ApiQuery(namespaceQuery)
  setNote(@Param('name') name: string, @Body() body: string, @Query('namespace') namespace?: string) {
    return this.experiments.setNote(experimentRef(name, namespace), parseNoteBody(body));
  }

  @Delete(':name')
  @Authenticated({ level: 'write', namespace: 'query' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an experiment, its trials and observation logs; running trials are killed' })
  @ApiResponse({ status: 204, description: 'Deleted; no body' })
  @ApiErrorResponses(400, 404)
  @ApiQuery(namespaceQuery)
  async delete(@Param('name') name: string, @Query('namespace') namespace?: string): Promise<void> {
    await this.experiments.delete(experimentRef(name, namespace));
  }

  @Post(':name/stop')
  @Authenticated({ level: 'write', namespace: 'query' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop an experiment: no new trials, running trials are killed' })
  @ApiJsonResponse(200, katibExperimentSchema, 'The experiment, stopped')
  @ApiErrorResponses(400, 404, 409)
  @ApiQuery(namespaceQuery)
  stop(@Param('name') name: string, @Query('namespace') namespace?: string) {
    return this.experiments.stop(experimentRef(name, namespace));
  }

  @Get(':name/trials')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: 'Trials of an experiment, paginated; sort=objective puts the best first' })
  @ApiJsonResponse(200, trialPageSchema, 'One page of trials')
  @ApiErrorResponses(400, 404)
  @ApiQuery(namespaceQuery)
  @ApiQuery({ name: 'offset', required: false, type: 'integer', minimum: 0, description: 'Default 0' })
  @ApiQuery({ name: 'limit', required: false, type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, description: 'Default 100' })
  @ApiQuery({ name: 'sort', required: false, enum: ['created', 'objective'] })
  @ApiQuery({ name: 'order', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'phase', required: false, enum: TRIAL_PHASES })
  async listTrials(@Param('name') name: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const parsed = parseTrialListQuery(query);
    return sendJsonBody(reply, await this.experiments.listTrialsBody(experimentRef(name, parsed.namespace), parsed));
  }

  @Get(':name/trial-values')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: "Every trial's phase, objective value and parameters as parallel arrays (sampled past 5,000 trials, best kept)" })
  @ApiJsonResponse(200, trialValuesSchema, 'The trials as parallel arrays')
  @ApiErrorResponses(400, 404)
  @ApiQuery(namespaceQuery)
  trialValues(@Param('name') name: string, @Query('namespace') namespace?: string) {
    return this.experiments.trialValues(experimentRef(name, namespace));
  }

  @Get(':name/parameter-importance')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: "Each parameter's first-order share of the objective's variance over completed trials, most important first" })
  @ApiJsonResponse(200, parameterImportanceSchema, 'The importance of each parameter')
  @ApiErrorResponses(400, 404)
  @ApiQuery(namespaceQuery)
  parameterImportance(@Param('name') name: string, @Query('namespace') namespace?: string) {
    return this.experiments.parameterImportance(experimentRef(name, namespace));
  }

  @Get(':name/intermediate-values')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: "Each trial's objective curve (step, value), at most 300 trials and 100 points each; early-stopped ones with the rule's reason" })
  @ApiJsonResponse(200, intermediateValuesSchema, 'The objective curves')
  @ApiErrorResponses(400, 404)
  @ApiQuery(namespaceQuery)
  intermediateValues(@Param('name') name: string, @Query('namespace') namespace?: string) {
    return this.experiments.intermediateValues(experimentRef(name, namespace));
  }

  @Get(':name/events')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: 'Server-sent events: one message per trial phase change, new trials and completion; resumes from Last-Event-ID' })
  @ApiResponse({
    status: 200,
    description: 'A text/event-stream: each event\'s `data:` is an ExperimentEvent as JSON, its `id:` the event id',
    content: { 'text/event-stream': { schema: { type: 'string', description: 'Server-sent events whose data are ExperimentEvent' } } },
  })
  @ApiErrorResponses(400, 404)
  @ApiProduces('text/event-stream')
  @ApiQuery(namespaceQuery)
  async events(@Param('name') name: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply, @Query('namespace') namespace?: string) {
    const closed = abortOnClose(request);
    await streamEvents(reply, await this.experiments.events(experimentRef(name, namespace), lastEventId(request), closed));
  }

  @Get(':name/trials/:trial/events')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: "Server-sent events: one message per batch of a trial's new observations; resumes from Last-Event-ID" })
  @ApiResponse({
    status: 200,
    description: 'A text/event-stream: each event\'s `data:` is an ExperimentEvent as JSON, its `id:` the event id',
    content: { 'text/event-stream': { schema: { type: 'string', description: 'Server-sent events whose data are ExperimentEvent' } } },
  })
  @ApiErrorResponses(400, 404)
  @ApiProduces('text/event-stream')
  @ApiQuery(namespaceQuery)
  async trialEvents(
    @Param('name') name: string,
    @Param('trial') trial: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @Query('namespace') namespace?: string,
  ) {
    const closed = abortOnClose(request);
    await streamEvents(reply, await this.experiments.trialEvents(experimentRef(name, namespace), trial, lastEventId(request), closed));
  }

  @Get(':name/trials/:trial/logs')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: "What the trial's workload printed (stdout and stderr, or the pod log), oldest first; ?tail=N for the last N lines" })
  @ApiJsonResponse(200, trialLogsSchema, 'The lines, oldest first')
  @ApiErrorResponses(400, 404)
  @ApiQuery(namespaceQuery)
  @ApiQuery({ name: 'tail', required: false, type: 'integer', minimum: 1, maximum: KEPT_OUTPUT_LINES, description: 'Only the last N lines' })
  getTrialLogs(@Param('name') name: string, @Param('trial') trial: string, @Query('namespace') namespace?: string, @Query('tail') tail?: string) {
    return this.experiments.getTrialLogs(experimentRef(name, namespace), trial, parseTail(tail));
  }

  @Get(':name/trials/:trial')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: 'A trial with its observation log' })
  @ApiJsonResponse(200, trialWithLogSchema, 'The trial and its observation log')
  @ApiErrorResponses(400, 404)
  @ApiQuery(namespaceQuery)
  getTrial(@Param('name') name: string, @Param('trial') trial: string, @Query('namespace') namespace?: string) {
    return this.experiments.getTrial(experimentRef(name, namespace), trial);
  }

  @Get(':name/optimal-trial')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: "The experiment's current optimal trial (Katib's currentOptimalTrial)" })
  @ApiJsonResponse(200, optimalTrialSchema, 'The optimal trial')
  @ApiErrorResponses(400, 404)
  @ApiQuery(namespaceQuery)
  async getOptimalTrial(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply, @Query('namespace') namespace?: string) {
    return sendJsonBody(reply, await this.experiments.getOptimalTrialBody(experimentRef(name, namespace)));
  }
}

function abortOnClose(request: FastifyRequest): AbortSignal {
  const closed = new AbortController();
  request.raw.on('close', () => closed.abort());
  return closed.signal;
}

/** Where a reconnecting EventSource left off. */
function lastEventId(request: FastifyRequest): string | undefined {
  const id = request.headers['last-event-id'];
  return typeof id === 'string' ? id : undefined;
}

/** Writes batches of feed events as server-sent events until the feed ends (client gone, or shutdown). */
async function streamEvents(reply: FastifyReply, batches: AsyncIterable<{ id: string }[]>): Promise<void> {
  // The stream is written on the Node response itself, so Fastify is told not to send a reply of its own.
  reply.hijack();
  const response = reply.raw;
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  response.write('retry: 2000\n\n');
  try {
    for await (const batch of batches) {
      // An empty batch is a quiet interval: a comment keeps proxies from closing an idle stream.
      response.write(batch.length === 0 ? ': keep-alive\n\n' : batch.map((event) => `id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`).join(''));
    }
  } catch {
    // Redis went away mid-stream; the headers are sent, so no error body: the browser reconnects (retry) and resumes from its last id.
  }
  response.end();
}

/** `?tail=`: 1 to KEPT_OUTPUT_LINES, or every kept line when absent. */
function parseTail(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const tail = Number(raw);
  if (!/^\d+$/.test(raw) || tail < 1 || tail > KEPT_OUTPUT_LINES) {
    const problem = `query.tail: must be an integer from 1 to ${KEPT_OUTPUT_LINES}, got "${raw}"`;
    throw invalidInput(problem, [problem]);
  }
  return tail;
}
