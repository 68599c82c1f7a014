import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ExperimentTemplates } from './experiment-templates.js';

@ApiTags('dashboard')
@Controller('api/v1/experiment-templates')
export class TemplatesController {
  constructor(private readonly templates: ExperimentTemplates) {}

  @Get()
  @ApiOperation({ summary: "The repository's example experiments (examples/), as YAML text to start a new experiment from" })
  list() {
    return { items: this.templates.all() };
  }
}
