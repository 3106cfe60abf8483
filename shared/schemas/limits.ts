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
