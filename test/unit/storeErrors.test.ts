/** A store the driver cannot reach answers 503 store_unavailable with Retry-After, not a 500. */
import { expect } from 'chai';
import express from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { errorHandler } from '../../server/http/errorHandler.js';

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

  it('any other error stays a generic 500', async () => {
    const res = await request(appThrowing(new Error('bug')))
      .get('/boom')
      .expect(500);
    expect(res.body.error.code).to.equal('internal');
  });
});
