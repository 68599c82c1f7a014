import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrorResponses, ApiJsonResponse } from '../common/openapi/error-body.js';
import { templateListSchema } from './template-schemas.js';
import { Authenticated } from '../auth/route-access.js';
import { ExperimentTemplates } from './experiment-templates.js';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('api/v1/experiment-templates')
export class TemplatesController {
  constructor(private readonly templates: ExperimentTemplates) {}

  @Get()
  // The examples are the repository's, not any namespace's: any token that may read somewhere may read them.
  @Authenticated({ level: 'read', namespace: 'checked-by-handler' })
  @ApiOperation({ summary: "The repository's example experiments (examples/), as YAML text to start a new experiment from" })
  @ApiJsonResponse(200, templateListSchema, 'The examples')
  @ApiErrorResponses(401, 403)
  list() {
    return { items: this.templates.all() };
  }
}
