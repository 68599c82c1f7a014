import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Body, Controller, type INestApplication, Module, Post } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import { HttpExceptionFilter } from './http-exception.filter.js';
import { configureHttp, httpAdapter } from './http-setup.js';

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: string) {
    return { length: body.length };
  }
}

@Module({ controllers: [EchoController], providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }] })
class EchoModule {}

let app: INestApplication;
beforeAll(async () => {
  app = await NestFactory.create(EchoModule, httpAdapter(), { bodyParser: false, logger: false });
  configureHttp(app, { openApi: false });
  await app.listen(0, '127.0.0.1');
});
afterAll(async () => {
  await app.close();
});

describe('HttpExceptionFilter through the real HTTP stack', () => {
  it('names the Content-Encoding header when the body is not what it says (found by test/api-fuzz.e2e.ts)', async () => {
    const response = await request(app.getHttpServer()).post('/echo').set('content-type', 'application/json').set('content-encoding', 'gzip').send('{"a":1}');
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'headers.content-encoding: the body is not valid "gzip" data, as this header says it is',
      errors: ['headers.content-encoding: the body is not valid "gzip" data, as this header says it is'],
    });
  });

  it('still reads a body that is the gzip its header says', async () => {
    // fetch sends the bytes as they are (supertest would serialise a Buffer).
    const response = await fetch(`${await app.getUrl()}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync('{"a":1}'),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ length: 7 });
  });

  it('keeps the 415 for an encoding it does not know', async () => {
    const response = await request(app.getHttpServer()).post('/echo').set('content-encoding', 'x-unknown').send('{}');
    expect(response.status).toBe(415);
    expect(response.body.message).toBe('unsupported content encoding "x-unknown"');
  });
});
