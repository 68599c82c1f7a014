import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Authenticated, Public } from '../auth/route-access.js';
import { invalidInput } from '../common/domain-error.js';
import { schemaRef } from '../common/openapi/api-schemas.js';
import { ApiErrorResponses, ApiJsonResponse } from '../common/openapi/error-body.js';
import { experimentRef } from '../domain/identity.js';
import { askRequestSchema, askResponseSchema, completionRequestSchema, completionResponseSchema, earlyStoppingAnswerSchema } from './trial-schemas.js';
import { CallerTrialsService, MAX_ASK_COUNT } from './caller-trials.service.js';

const bearer = (authorization?: string) => /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];

function parseJson(body: string): unknown {
  if (body.trim() === '') return {};
  try {
    return JSON.parse(body);
  } catch (error) {
    const problem = `body: not valid JSON (${(error as Error).message})`;
    throw invalidInput(problem, [problem]);
  }
}

function askCount(body: unknown): number {
  const count = (body as { count?: unknown } | null)?.count ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_ASK_COUNT) {
    const problem = `count: must be an integer from 1 to ${MAX_ASK_COUNT} (got ${JSON.stringify(count)})`;
    throw invalidInput(problem, [problem]);
  }
  return count;
}

/** Ask/tell: trials of an experiment without a trialTemplate, run by the caller (docs/api.md). */
@ApiTags('ask/tell')
// Every route: Redis may be out of reach for a moment.
@ApiErrorResponses(503)
@Controller('api/v1/experiments/:name')
export class CallerTrialsController {
  constructor(private readonly callerTrials: CallerTrialsService) {}

  @Post('suggestions')
  @Authenticated({ level: 'write', namespace: 'query' })
  @HttpCode(201)
  @ApiOperation({ summary: 'Ask for new trials to run yourself: each comes Running, with its parameters and a token; 409 while every parallel slot is taken, 410 once the experiment is complete' })
  @ApiBearerAuth()
  @ApiBody({ schema: schemaRef(askRequestSchema), examples: { example: { value: { count: 2 } } }, required: false })
  @ApiJsonResponse(201, askResponseSchema, 'The trials handed out, each Running, with its token')
  @ApiErrorResponses(400, 401, 403, 404, 409, 410, 413, 415)
  @ApiQuery({ name: 'namespace', required: false })
  ask(@Param('name') name: string, @Body() body: string, @Query('namespace') namespace?: string) {
    return this.callerTrials.ask(experimentRef(name, namespace), askCount(parseJson(body)));
  }

  @Post('trials/:trial/complete')
  // Authenticated by the trial's own token, handed out with it, as the push API is.
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: "Complete a trial you ran (Authorization: Bearer <the trial's token>): Succeeded, Failed or Infeasible, with its final metrics" })
  @ApiBearerAuth('trialToken')
  @ApiBody({ schema: schemaRef(completionRequestSchema), examples: { example: { value: { state: 'Succeeded', metrics: { loss: 0.31 }, step: 10 } } } })
  @ApiJsonResponse(200, completionResponseSchema, 'The trial, ended: its phase and why')
  @ApiErrorResponses(400, 401, 404, 409, 413, 415)
  @ApiQuery({ name: 'namespace', required: false })
  complete(
    @Param('name') name: string,
    @Param('trial') trial: string,
    @Body() body: string,
    @Headers('authorization') authorization?: string,
    @Query('namespace') namespace?: string,
  ) {
    return this.callerTrials.complete(experimentRef(name, namespace), trial, bearer(authorization), parseJson(body));
  }

  @Get('trials/:trial/early-stopping')
  @Public()
  @ApiOperation({ summary: "Ask the experiment's early-stopping rule whether to stop the trial (Authorization: Bearer <the trial's token>); a stop ends it EarlyStopped" })
  @ApiBearerAuth('trialToken')
  @ApiJsonResponse(200, earlyStoppingAnswerSchema, "The rule's answer")
  @ApiErrorResponses(400, 401, 404, 409)
  @ApiQuery({ name: 'namespace', required: false })
  shouldStop(@Param('name') name: string, @Param('trial') trial: string, @Headers('authorization') authorization?: string, @Query('namespace') namespace?: string) {
    return this.callerTrials.shouldStop(experimentRef(name, namespace), trial, bearer(authorization));
  }
}
