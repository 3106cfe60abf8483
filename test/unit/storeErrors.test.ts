/** A store the driver cannot reach answers 503 store_unavailable with Retry-After, not a 500. */
import { expect } from 'chai';
import express from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { errorHandler } from '../../server/platform/http/errorHandler.js';
import { StoreUnreachableError } from '../../server/platform/store/storeReachability.js';

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

  /** A command the store refused, as the driver raises it from the store's `{ok: 0}` answer. */
  const refused = (code: number, codeName: string) => new mongoose.mongo.MongoServerError({ ok: 0, code, codeName, errmsg: codeName });

  it('a store shutting down (ShutdownInProgress, InterruptedAtShutdown) is 503 store_unavailable with Retry-After, not a 500', async () => {
    for (const err of [refused(91, 'ShutdownInProgress'), refused(11600, 'InterruptedAtShutdown')]) {
      const res = await request(appThrowing(err)).get('/boom').expect(503);
      expect(res.headers['retry-after']).to.equal('5');
      expect(res.body.error.code).to.equal('store_unavailable');
    }
  });

  it('a command FerretDB cancelled as it stopped (InternalError, context canceled) is 503 too, not a 500', async () => {
    // As FerretDB on PostgreSQL answered the insert running when it got SIGTERM (CI, the store-outage test).
    const cancelled = new mongoose.mongo.MongoServerError({
      ok: 0,
      code: 1,
      codeName: 'InternalError',
      errmsg: '[pool.go:215 pool.(*Pool).InTransaction] timeout: context canceled',
    });
    const res = await request(appThrowing(cancelled)).get('/boom').expect(503);
    expect(res.body.error.code).to.equal('store_unavailable');
    expect(res.headers['retry-after']).to.equal('5');
  });

  it('another internal error of the store stays a 500', async () => {
    const other = new mongoose.mongo.MongoServerError({ ok: 0, code: 1, codeName: 'InternalError', errmsg: 'unexpected type' });
    const res = await request(appThrowing(other)).get('/boom').expect(500);
    expect(res.body.error.code).to.equal('internal');
  });

  it('another command the store refused stays a 500', async () => {
    const res = await request(appThrowing(refused(2, 'BadValue')))
      .get('/boom')
      .expect(500);
    expect(res.body.error.code).to.equal('internal');
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
