/** A store the driver cannot reach answers 503 store_unavailable with Retry-After, not a 500. */
import { expect } from 'chai';
import express from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { errorHandler } from '../../server/http/errorHandler.js';
import { StoreUnreachableError } from '../../server/store/storeReachability.js';

function appThrowing(err: Error) {
  const app = express();
  app.get('/boom', () => {
    throw err;
  });
  app.use(errorHandler);
  return app;
}

describe('store errors at the HTTP edge', () => {
  it('a dropped connection to the store is 503 store_unavailable with Retry-After, in Spanish by default', async () => {
    const res = await request(appThrowing(new mongoose.mongo.MongoNetworkError('connection reset')))
      .get('/boom')
      .expect(503);
    expect(res.headers['retry-after']).to.equal('5');
    expect(res.body.error.code).to.equal('store_unavailable');
    expect(res.body.error.message).to.contain('no se guardó nada');
  });

  it('no free connection in the pool within the wait is 503 too', async () => {
    const waited = Object.assign(new Error('Timed out while checking out a connection from connection pool'), {
      name: 'MongoWaitQueueTimeoutError',
    });
    const res = await request(appThrowing(waited)).get('/boom').set('Accept-Language', 'en').expect(503);
    expect(res.body.error.code).to.equal('store_unavailable');
    expect(res.body.error.message).to.contain('nothing was saved');
  });

  /** A socket error as Node raises it (what the driver lets through while a write waits to drain). */
  const socketError = (message: string, code: string, syscall: string) => Object.assign(new Error(message), { code, syscall, errno: -32 });

  it('a raw socket error the driver let through (write EPIPE) is 503 store_unavailable, not a 500', async () => {
    const res = await request(appThrowing(socketError('write EPIPE', 'EPIPE', 'write')))
      .get('/boom')
      .expect(503);
    expect(res.headers['retry-after']).to.equal('5');
    expect(res.body.error.code).to.equal('store_unavailable');
  });

  it('so is one that is the cause of another error (read ECONNRESET), and a refused connect', async () => {
    for (const err of [
      new Error('operation failed', { cause: socketError('read ECONNRESET', 'ECONNRESET', 'read') }),
      socketError('connect ECONNREFUSED 127.0.0.1:27017', 'ECONNREFUSED', 'connect'),
    ]) {
      const res = await request(appThrowing(err)).get('/boom').expect(503);
      expect(res.body.error.code).to.equal('store_unavailable');
    }
  });

  it('the store known unreachable (refused before any store read) is 503 with Retry-After', async () => {
    const res = await request(appThrowing(new StoreUnreachableError('down')))
      .get('/boom')
      .expect(503);
    expect(res.headers['retry-after']).to.equal('5');
    expect(res.body.error.code).to.equal('store_unavailable');
  });

  it('a file that is not there (ENOENT on open) stays a 500', async () => {
    const res = await request(appThrowing(socketError("ENOENT: no such file or directory, open '/x'", 'ENOENT', 'open')))
      .get('/boom')
      .expect(500);
    expect(res.body.error.code).to.equal('internal');
  });

  it('any other error stays a generic 500', async () => {
    const res = await request(appThrowing(new Error('bug')))
      .get('/boom')
      .expect(500);
    expect(res.body.error.code).to.equal('internal');
  });
});
