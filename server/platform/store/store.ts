/**
 * One Puente's handle on the document store: its connection, and what the door keeps per
 * connection (the turns of this process's lock holders, the batched counter reads, what is known of
 * the store's reachability). Each instance has its own (`instance.store`, built by createInstance),
 * so two Puentes in one process share none of it (issue 27).
 */
import type mongoose from 'mongoose';
import { COUNTERS, CounterReads } from './counterReads.js';
import { StoreReachability } from './storeReachability.js';
import { Turns } from './turns.js';

export class Store {
  /** This process's holders of this store's document locks, one at a time per key (docLock.ts). */
  readonly lockTurns = new Turns();
  readonly reachability: StoreReachability;
  readonly counterReads: CounterReads;
  /** What the connection was opened with (connectMongoose), so a replacement client is opened alike. */
  openedWith: { uri: string; dbName: string; poolWaitMs: number } | null = null;

  constructor(readonly connection: mongoose.Connection) {
    this.reachability = new StoreReachability(connection);
    this.counterReads = new CounterReads(() => this.collection<{ _id: string }>(COUNTERS));
  }

  /** A collection of this store by name: one no model declares (locks, log segments, counters). */
  collection<T extends mongoose.mongo.Document>(name: string): mongoose.Collection<T> {
    return this.connection.collection<T>(name);
  }
}
