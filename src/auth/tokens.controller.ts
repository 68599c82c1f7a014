import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { schemaRef } from '../common/openapi/api-schemas.js';
import { ApiErrorResponses, ApiJsonResponse } from '../common/openapi/error-body.js';
import { createdTokenSchema, tokenListSchema, tokenRequestSchema } from './token-schemas.js';
import { Caller } from './caller.js';
import { Authenticated, CurrentCaller } from './route-access.js';
import { TokensService } from './tokens.service.js';

/** The same token management as `npm run token`, for admins who hold a token rather than Redis access. */
@ApiTags('tokens')
@ApiBearerAuth()
@ApiErrorResponses(401, 403, 503)
@Controller('api/v1/tokens')
export class TokensController {
  constructor(private readonly tokens: TokensService) {}

  @Post()
  @Authenticated({ level: 'admin', namespace: 'checked-by-handler' })
  @ApiOperation({ summary: 'Create a token; the response shows it once. Needs admin in every namespace it covers.' })
  @ApiBody({ schema: schemaRef(tokenRequestSchema), examples: { example: { value: { name: 'ci', scopes: ['team-a:write'] } } } })
  @ApiJsonResponse(201, createdTokenSchema, 'The token, shown this once')
  @ApiErrorResponses(400, 413, 415)
  create(@CurrentCaller() caller: Caller, @Body() body: string) {
    return this.tokens.create(caller, body);
  }

  @Get()
  @Authenticated({ level: 'admin', namespace: 'checked-by-handler' })
  @ApiOperation({ summary: 'Tokens the caller administers (never the tokens themselves)' })
  @ApiJsonResponse(200, tokenListSchema, 'The tokens')
  list(@CurrentCaller() caller: Caller) {
    return this.tokens.list(caller);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ level: 'admin', namespace: 'checked-by-handler' })
  @ApiOperation({ summary: 'Revoke a token, at once on every API replica' })
  @ApiResponse({ status: 204, description: 'Revoked; no body' })
  @ApiErrorResponses(404)
  async revoke(@CurrentCaller() caller: Caller, @Param('id') id: string): Promise<void> {
    await this.tokens.revoke(caller, id);
  }
}
