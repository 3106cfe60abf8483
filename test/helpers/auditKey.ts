/**
 * The audit key of a test run (AUDIT_KEY): the test process, its in-process servers, the spawned
 * servers and the CLI runs share one store, so they key its audit trail alike. Not a secret.
 */
export const TEST_AUDIT_KEY = Buffer.alloc(32, 'puente-test-audit-key').toString('base64');
