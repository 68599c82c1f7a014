import { Controller, Get, Header } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import { prometheusContentType } from 'prom-client';
import { ServiceMetrics } from './service-metrics.js';

/**
 * Prometheus scrape endpoint, served by every role. A plain route with no
 * guard of its own: when authentication arrives, it is marked public (or
 * scraper-only) with the auth decorator, like /healthz.
 */
@ApiTags('telemetry')
@Controller()
export class MetricsController {
  constructor(private readonly metrics: ServiceMetrics) {}

  @Get('metrics')
  @Header('Content-Type', prometheusContentType)
  @ApiProduces(prometheusContentType)
  scrape(): Promise<string> {
    return this.metrics.exposition();
  }
}
