import { Controller, Get, Header } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { prometheusContentType } from 'prom-client';
import { Public } from '../auth/route-access.js';
import { ServiceMetrics } from './service-metrics.js';

/**
 * Prometheus scrape endpoint, served by every role. Public like /healthz, so
 * a scraper needs no token: it shows counts per namespace, never names,
 * parameters or tokens.
 */
@ApiTags('telemetry')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get('metrics')
  @Public()
  @Header('Content-Type', prometheusContentType)
  @ApiProduces(prometheusContentType)
  @ApiOperation({ summary: 'Prometheus metrics, in the text exposition format' })
  @ApiResponse({ status: 200, description: 'The exposition', schema: { type: 'string' } })
  scrape(): Promise<string> {
    return this.metrics.exposition();
  }
}
