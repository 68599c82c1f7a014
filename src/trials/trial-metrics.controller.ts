import { Body, Controller, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { schemaRef } from '../common/openapi/api-schemas.js';
import { ApiErrorResponses, ApiJsonResponse } from '../common/openapi/error-body.js';
import { metricReportAcceptedSchema, metricReportSchema } from './trial-schemas.js';
import { Public } from '../auth/route-access.js';
import { MetricReportsService } from './metric-reports.service.js';
import { experimentRef } from '../domain/identity.js';

@ApiTags('trials')
@Controller('api/v1/experiments/:name/trials/:trial/metrics')
export class TrialMetricsController {
  constructor(private readonly reports: MetricReportsService) {}

  @Post()
  // Authenticated by the trial's own push token (MetricReportsService), which only the trial holds.
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Push metrics from a running trial (Authorization: Bearer <KUBETUNE_TRIAL_TOKEN>)',
  })
  @ApiQuery({ name: 'namespace', required: false })
  @ApiBearerAuth('trialToken')
  @ApiBody({ schema: schemaRef(metricReportSchema), examples: { example: { value: { metrics: { loss: 0.31, accuracy: 0.9 }, step: 3 } } } })
  @ApiJsonResponse(202, metricReportAcceptedSchema, 'Recorded')
  @ApiErrorResponses(400, 401, 404, 409, 413, 415, 503)
  report(
    @Param('name') name: string,
    @Param('trial') trial: string,
    @Body() body: string,
    @Headers('authorization') authorization?: string,
    @Query('namespace') namespace?: string,
  ) {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    return this.reports.report(experimentRef(name, namespace), trial, token, body);
  }
}
