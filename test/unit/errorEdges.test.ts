/**
 * One exception reads the same at both edges (issue 27): the HTTP answer's code and Retry-After
 * are the socket ack's code and retryAfter, because both edges translate one classification
 * (errorClassification.ts) and neither classifies on its own.
 */
import { expect } from 'chai';
import express from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { z } from 'zod';
import { ERROR_STATUS } from '../../shared/errors.js';
import { PolicyDenied } from '../../server/platform/authorize.js';
import { DomainError } from '../../server/platform/errors.js';
import { errorHandler } from '../../server/platform/http/errorHandler.js';
import { ackForError } from '../../server/platform/realtime/ackErrors.js';
import { StoreUnreachableError } from '../../server/platform/store/storeReachability.js';
import { DeadlineExceeded } from '../../server/platform/store/writeDeadline.js';

async function httpAnswer(err: Error) {
  const app = express();
  app.get('/boom', () => {
    throw err;
  });
  app.use(errorHandler);
  const res = await request(app).get('/boom').set('Accept-Language', 'en');
  return { status: res.status, retryAfter: res.headers['retry-after'] as string | undefined, error: res.body.error };
}

const zodError = (() => {
  const parsed = z.object({ n: z.number() }).safeParse({ n: 'x' });
  if (parsed.success) throw new Error('expected a zod error');
  return parsed.error;
})();

const cases: [string, () => Error, string, number | undefined][] = [
  ['a lockout with its wait', () => new DomainError('account_locked', 'account locked', undefined, 840), 'account_locked', 840],
  [
    'a domain refusal with details',
    () => new DomainError('validation_failed', 'bad cursor', [{ path: 'cursor', message: 'not a valid cursor' }]),
    'validation_failed',
    undefined,
  ],
  ['a policy refusal', () => new PolicyDenied('not_found', 'alert.read', 'alert', 'x'), 'not_found', undefined],
  ['a zod error', () => zodError, 'validation_failed', undefined],
  ['a duplicate key', () => Object.assign(new Error('E11000 duplicate key'), { code: 11000 }), 'conflict', undefined],
  ['a passed deadline', () => new DeadlineExceeded(), 'unavailable', undefined],
  ['a dropped store link', () => new mongoose.mongo.MongoNetworkError('connection reset'), 'store_unavailable', 5],
  ['the store known unreachable', () => new StoreUnreachableError('down'), 'store_unavailable', 5],
  [
    'the store shutting down',
    () => new mongoose.mongo.MongoServerError({ ok: 0, code: 91, codeName: 'ShutdownInProgress', errmsg: 'shutting down' }),
    'store_unavailable',
    5,
  ],
  ['an unexpected error', () => new Error('bug'), 'internal', undefined],
];

describe('one exception, one answer on both edges', () => {
  for (const [name, make, code, retryAfter] of cases) {
    it(`${name}: ${code}${retryAfter ? ` after ${retryAfter} s` : ''} over HTTP and in a socket ack`, async () => {
      const http = await httpAnswer(make());
      const ack = ackForError(make(), 'en').error;
      expect(ack.code).to.equal(code);
      expect(ack.retryAfter).to.equal(retryAfter);
      expect(http.error.code).to.equal(ack.code);
      expect(http.status).to.equal(ERROR_STATUS[ack.code]);
      expect(http.retryAfter).to.equal(ack.retryAfter === undefined ? undefined : String(ack.retryAfter));
      expect(http.error.message).to.equal(ack.message);
    });
  }
});
