/** Size limits shared by validators, models and client forms. */
export const LIMITS = {
  shortText: 200,
  longText: 5000,
  email: 254,
  password: { min: 12, max: 256 },
  displayName: 120,
  pageDefault: 20,
  pageMax: 100,
  rolesMax: 4,
} as const;

/** Access grants last this many days unless the granter chooses otherwise (1 to the maximum). */
export const ACCESS_GRANT_DEFAULT_DAYS = 30;
export const ACCESS_GRANT_MAX_DAYS = 365;
