import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Caller } from '../auth/caller.js';
import { Authenticated, CurrentCaller } from '../auth/route-access.js';
import { parseTrialListQuery } from './dto/trial-list.query.js';
import { ExperimentsService } from './experiments.service.js';
import { experimentRef } from '../domain/identity.js';

const namespaceQuery = { name: 'namespace', required: false, description: 'Defaults to "default".' };

@ApiTags('experiments')
@ApiBearerAuth()
@Controller('api/v1/experiments')
export class ExperimentsController {
  constructor(private readonly experiments: ExperimentsService) {}

  @Post()
  @Authenticated({ level: 'write', namespace: 'checked-by-handler' })
  @ApiOperation({ summary: 'Submit a Katib kubeflow.org/v1beta1 Experiment (YAML or JSON) and start it' })
  @ApiConsumes('application/yaml', 'application/json')
  @ApiBody({ description: 'A Katib Experiment manifest', schema: { type: 'string' } })
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
  @ApiOperation({ summary: 'List experiments with their status' })
  @ApiQuery({ ...namespaceQuery, description: 'Only this namespace; all namespaces the token may read when absent.' })
  list(@CurrentCaller() caller: Caller, @Query('namespace') namespace?: string) {
    return this.experiments.list(caller, namespace || undefined);
  }

  @Get(':name')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: 'An experiment with its Katib status (conditions, counters, currentOptimalTrial)' })
  @ApiQuery(namespaceQuery)
  get(@Param('name') name: string, @Query('namespace') namespace?: string) {
    return this.experiments.get(experimentRef(name, namespace));
  }

  @Patch(':name')
  @Authenticated({ level: 'write', namespace: 'query' })
  @ApiOperation({
    summary: 'Edit the budget (maxTrialCount, parallelTrialCount, maxFailedTrialCount) with a JSON merge patch; resumes a LongRunning/FromVolume experiment that reached maxTrialCount',
  })
  @ApiConsumes('application/merge-patch+json', 'application/json')
  @ApiBody({ description: 'e.g. {"spec": {"maxTrialCount": 20}}', schema: { type: 'string' } })
  @ApiQuery(namespaceQuery)
  editBudget(@Param('name') name: string, @Body() body: string, @Headers('content-type') contentType?: string, @Query('namespace') namespace?: string) {
    return this.experiments.editBudget(experimentRef(name, namespace), body, contentType);
  }

  @Delete(':name')
  @Authenticated({ level: 'write', namespace: 'query' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an experiment, its trials and observation logs; running trials are killed' })
  @ApiQuery(namespaceQuery)
  async delete(@Param('name') name: string, @Query('namespace') namespace?: string): Promise<void> {
    await this.experiments.delete(experimentRef(name, namespace));
  }

  @Post(':name/stop')
  @Authenticated({ level: 'write', namespace: 'query' })
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop an experiment: no new trials, running trials are killed' })
  @ApiQuery(namespaceQuery)
  stop(@Param('name') name: string, @Query('namespace') namespace?: string) {
    return this.experiments.stop(experimentRef(name, namespace));
  }

  @Get(':name/trials')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: 'Trials of an experiment, paginated; sort=objective puts the best first' })
  @ApiQuery(namespaceQuery)
  @ApiQuery({ name: 'offset', required: false, type: Number })
  @ApiQuery({ name: 'limit', required: false, type: Number })
  @ApiQuery({ name: 'sort', required: false, enum: ['created', 'objective'] })
  @ApiQuery({ name: 'order', required: false, enum: ['asc', 'desc'] })
  @ApiQuery({ name: 'phase', required: false })
  listTrials(@Param('name') name: string, @Query() query: Record<string, unknown>) {
    const parsed = parseTrialListQuery(query);
    return this.experiments.listTrials(experimentRef(name, parsed.namespace), parsed);
  }

  @Get(':name/trials/:trial')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: 'A trial with its observation log' })
  @ApiQuery(namespaceQuery)
  getTrial(@Param('name') name: string, @Param('trial') trial: string, @Query('namespace') namespace?: string) {
    return this.experiments.getTrial(experimentRef(name, namespace), trial);
  }

  @Get(':name/optimal-trial')
  @Authenticated({ level: 'read', namespace: 'query' })
  @ApiOperation({ summary: "The experiment's current optimal trial (Katib's currentOptimalTrial)" })
  @ApiQuery(namespaceQuery)
  getOptimalTrial(@Param('name') name: string, @Query('namespace') namespace?: string) {
    return this.experiments.getOptimalTrial(experimentRef(name, namespace));
  }
}
