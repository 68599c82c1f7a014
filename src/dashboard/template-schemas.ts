import { z } from 'zod';
import { apiComponent } from '../common/openapi/api-schemas.js';
import type { Assert, SameShape } from '../common/openapi/same-shape.js';
import type { ExperimentTemplate } from './experiment-templates.js';

export const templateListSchema = apiComponent(
  'ExperimentTemplateList',
  z.object({
    items: z.array(
      z.object({
        id: z.string().describe('Path under examples/, e.g. kubernetes/gpu-job.yaml'),
        description: z.string(),
        yaml: z.string(),
      }),
    ),
  }),
);

export type TemplateBodiesMatchTheirSchemas = Assert<SameShape<{ items: ExperimentTemplate[] }, z.output<typeof templateListSchema>>>;
