/**
 * The alert copy's inverted index in compact form: key → the alerts carrying it, each alert a small
 * integer (its slot in the copy) with the field class in the lowest bit. A key held by one alert
 * keeps that number itself; more holders go into a sorted, growable Int32Array (4 bytes each, no
 * object per holder), so `has` is a binary search and iteration is in slot order.
 */
import type { FieldClass } from './indexKeys.js';

export const encodePosting = (slot: number, f: FieldClass): number => slot * 2 + (f === 'v' ? 1 : 0);
export const slotOf = (posting: number): number => posting >>> 1;
export const classOf = (posting: number): FieldClass => (posting & 1 ? 'v' : 'o');

/** Holders of one key, sorted by slot (each slot at most once). */
export class PostingList {
  private data = new Int32Array(4);
  length = 0;

  /** A list over postings already sorted by slot (read back from a snapshot): `data` becomes its
   * storage, full, so the first addition moves it to a bigger array of its own. */
  static over(data: Int32Array<ArrayBuffer>): PostingList {
    const list = new PostingList();
    list.data = data;
    list.length = data.length;
    return list;
  }

  static of(a: number, b: number): PostingList {
    const list = new PostingList();
    list.put(a);
    list.put(b);
    return list;
  }

  at(i: number): number {
    return this.data[i]!;
  }

  /** Index of `slot`, or -(insertion point) - 1. */
  private find(slot: number): number {
    let lo = 0;
    let hi = this.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const s = this.data[mid]! >>> 1;
      if (s < slot) lo = mid + 1;
      else if (s > slot) hi = mid - 1;
      else return mid;
    }
    return -lo - 1;
  }

  has(slot: number): boolean {
    return this.find(slot) >= 0;
  }

  /** The posting of `slot` (with its field class), or undefined. */
  postingOf(slot: number): number | undefined {
    const i = this.find(slot);
    return i >= 0 ? this.data[i] : undefined;
  }

  /** Adds the posting, or replaces the one of the same slot (a changed field class). */
  put(posting: number): void {
    const slot = posting >>> 1;
    if (this.length && this.data[this.length - 1]! >>> 1 < slot) {
      this.grow();
      this.data[this.length++] = posting;
      return;
    }
    const i = this.find(slot);
    if (i >= 0) {
      this.data[i] = posting;
      return;
    }
    const at = -i - 1;
    this.grow();
    this.data.copyWithin(at + 1, at, this.length);
    this.data[at] = posting;
    this.length++;
  }

  remove(slot: number): void {
    const i = this.find(slot);
    if (i < 0) return;
    this.data.copyWithin(i, i + 1, this.length);
    this.length--;
  }

  private grow(): void {
    if (this.length < this.data.length) return;
    const bigger = new Int32Array(this.data.length * 2);
    bigger.set(this.data);
    this.data = bigger;
  }
}

export type PostingValue = number | PostingList;

/** Adds `posting` under `key`. */
export function addPosting(index: Map<string, PostingValue>, key: string, posting: number): void {
  const current = index.get(key);
  if (current === undefined) index.set(key, posting);
  else if (typeof current === 'number') {
    if (current >>> 1 === posting >>> 1) index.set(key, posting);
    else index.set(key, PostingList.of(current, posting));
  } else current.put(posting);
}

/** Removes `slot` from `key`'s holders. */
export function removePosting(index: Map<string, PostingValue>, key: string, slot: number): void {
  const current = index.get(key);
  if (current === undefined) return;
  if (typeof current === 'number') {
    if (current >>> 1 === slot) index.delete(key);
    return;
  }
  current.remove(slot);
  if (current.length === 1) index.set(key, current.at(0));
  else if (current.length === 0) index.delete(key);
}

export const postingCount = (v: PostingValue | undefined): number => (v === undefined ? 0 : typeof v === 'number' ? 1 : v.length);

export function hasSlot(v: PostingValue | undefined, slot: number): boolean {
  if (v === undefined) return false;
  return typeof v === 'number' ? v >>> 1 === slot : v.has(slot);
}

/** The posting of `slot` under a key (slot and field class), or undefined if it does not hold it. */
export function postingOfSlot(v: PostingValue | undefined, slot: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'number') return v >>> 1 === slot ? v : undefined;
  return v.postingOf(slot);
}

export function* postingsOf(v: PostingValue | undefined): Generator<number> {
  if (v === undefined) return;
  if (typeof v === 'number') {
    yield v;
    return;
  }
  for (let i = 0; i < v.length; i++) yield v.at(i);
}
