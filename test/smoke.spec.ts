import 'reflect-metadata';
import { describe, it, expect } from '@jest/globals';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { HealthController } from '../src/health/health.controller.js';
import { mean } from 'simple-statistics';
import { Matrix } from 'ml-matrix';

describe('toolchain', () => {
  it('boots nest and serves', async () => {
    const mod = await Test.createTestingModule({ controllers: [HealthController] }).compile();
    const app = mod.createNestApplication();
    await app.init();
    const res = await request(app.getHttpServer()).get('/healthz');
    expect(res.body).toEqual({ status: 'ok' });
    expect(mean([1, 2, 3])).toBe(2);
    expect(new Matrix([[1, 2]]).rows).toBe(1);
    await app.close();
  });
});
