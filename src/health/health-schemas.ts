import { z } from 'zod';
import { apiComponent } from '../common/openapi/api-schemas.js';

export const livenessSchema = apiComponent('Liveness', z.object({ status: z.string().describe('"ok"') }));

export const readinessSchema = apiComponent('Readiness', z.object({ status: z.string().describe('"ok"'), redis: z.string().describe('"ok"') }));
