import { Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import path from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/route-access.js';
import { dashboardFiles } from './dashboard-files.js';
import { repositoryRoot } from './repository-root.js';

/** Where `npm run build` puts the web app (vite's outDir in web/vite.config.ts). */
export const DASHBOARD_BUILD_DIR = path.join(repositoryRoot(), 'dist', 'dashboard');

/**
 * The dashboard's pages and files, at every GET path no API route takes: the
 * router tries this catch-all last, so the API's own requests never pass
 * through it (as Nest middleware, the dashboard ran on every request). Its
 * pages are public; the data they show comes through the API, which checks
 * the token on every call.
 */
@ApiExcludeController()
@Controller()
export class DashboardController {
  private readonly answerFor = dashboardFiles(DASHBOARD_BUILD_DIR);

  @Get('*')
  @Public()
  serve(@Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    const answer = this.answerFor(request.raw);
    // The words Nest's own 404 uses for a path no route takes.
    if (!answer) throw new NotFoundException(`Cannot ${request.method} ${request.url}`);
    // The answer is written on Node's response (files are streamed by send), so Fastify sends none of its own.
    reply.hijack();
    answer(reply.raw);
  }
}
