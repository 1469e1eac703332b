/** GitLab's member access levels. */
export const AccessLevel = {
  GUEST: 10,
  REPORTER: 20,
  DEVELOPER: 30,
  MAINTAINER: 40,
  OWNER: 50,
} as const;

export type AccessLevel = (typeof AccessLevel)[keyof typeof AccessLevel];

export const ACCESS_LEVELS: readonly AccessLevel[] = Object.values(AccessLevel);

export function isAccessLevel(value: unknown): value is AccessLevel {
  return ACCESS_LEVELS.includes(value as AccessLevel);
}
