/** Input checks applied at the edge: safe object keys, no NUL. */
import type { RequestHandler } from 'express';
import type { ErrorDetail } from '../../../shared/errors.js';
import { DomainError } from '../errors.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 32;

/** Finds the first unsafe key or string in a parsed JSON value; null when clean. */
export function findUnsafeInput(value: unknown, path = '', depth = 0): ErrorDetail | null {
  if (depth > MAX_DEPTH) return { path: path || '(body)', message: 'nested too deeply' };
  if (typeof value === 'string') {
    return value.includes('\u0000') ? { path: path || '(body)', message: 'contains a NUL character' } : null;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : { path: path || '(body)', message: 'not a finite number' };
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findUnsafeInput(value[i], `${path}${path ? '.' : ''}${i}`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) {
      const here = `${path}${path ? '.' : ''}${key}`;
      if (FORBIDDEN_KEYS.has(key) || key.startsWith('$') || key.includes('.') || key.includes('\u0000')) {
        return { path: here, message: 'key not allowed' };
      }
      const found = findUnsafeInput((value as Record<string, unknown>)[key], here, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

/** Rejects bodies and query strings with unsafe keys or NUL characters before any handler. */
export const rejectUnsafeInput: RequestHandler = (req, _res, next) => {
  const found = findUnsafeInput(req.body) ?? findUnsafeInput(req.query);
  if (found) throw new DomainError('validation_failed', 'unsafe input', [found]);
  next();
};
