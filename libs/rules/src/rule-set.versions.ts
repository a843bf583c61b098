import { DomainError } from '@plancycle/contracts';

/** Orders major.minor.patch versions numerically (1.10.0 after 1.9.0). */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i += 1) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** The numeric parts of a version, for storing and ordering. */
export function versionParts(version: string): { major: number; minor: number; patch: number } {
  const [major = 0, minor = 0, patch = 0] = version.split('.').map(Number);
  return { major, minor, patch };
}

/**
 * The version a new draft gets by default: the next minor after the newest version the
 * rule set has (drafts included), within the major of the version it is drafted from
 * when that major is the newest, e.g. 1.0.0 → 1.1.0, and 1.2.0 when 1.1.0 exists.
 */
export function nextDraftVersion(existing: readonly string[], from: string): string {
  const newest = [...existing, from].sort(compareVersions).at(-1) ?? from;
  const { major, minor } = versionParts(newest);
  return `${major}.${minor + 1}.0`;
}

/**
 * A new version must sort after every version the rule set already has, so that "the
 * newest published version" (what a cycle pins) only ever moves forward.
 */
export function assertNewVersionOrThrow(existing: readonly string[], version: string): void {
  const newest = [...existing].sort(compareVersions).at(-1);
  if (newest !== undefined && compareVersions(version, newest) <= 0) {
    throw new DomainError({
      code: 'VALIDATION_FAILED',
      message: `version ${version} must be newer than ${newest}, the newest version of this rule set`,
      issues: [{ path: 'version', message: `must be newer than ${newest}`, code: 'version_not_newer', params: { minimum: newest } }],
    });
  }
}
