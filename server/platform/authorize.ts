/** Deny-by-default helpers shared by every policy module. */
import { DomainError } from './errors.js';

/** A refusal by a policy: audited as `authz.denied` by the endpoint wrapper. */
export class PolicyDenied extends DomainError {
  constructor(
    code: 'forbidden' | 'not_found',
    readonly action: string,
    readonly targetType: string | null,
    readonly targetId: string | null,
  ) {
    super(code, `policy denied ${action}`);
  }
}

export interface DenyOptions {
  /** Answer 404 instead of 403 because the caller may not know the resource exists. */
  hide?: boolean;
  targetType?: string;
  targetId?: string | null;
}

/** Throws PolicyDenied unless `allowed`. */
export function authorize(allowed: boolean, action: string, opts: DenyOptions = {}): void {
  if (allowed) return;
  throw new PolicyDenied(opts.hide ? 'not_found' : 'forbidden', action, opts.targetType ?? null, opts.targetId ?? null);
}
