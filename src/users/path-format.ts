/**
 * GitLab's rule for a username or a path segment: letters, digits, `_`, `-` and `.`; not starting
 * with `-` or `.`; not ending with `.`, `.git` or `.atom`.
 */
export const PATH_SEGMENT = /^(?![-.])(?!.*(\.|\.git|\.atom)$)[A-Za-z0-9_.-]{1,255}$/;

/** A namespace is one or more segments separated by `/` (a user, or a group and its subgroups). */
export const NAMESPACE_PATH = /^(?![-.])(?!.*(\.|\.git|\.atom)$)(?!.*\/[-.])(?!.*[.]\/)[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;

export const PATH_SEGMENT_RULE = 'may contain only letters, digits, "_", "-" and ".", must not start with "-" or ".", nor end with ".", ".git" or ".atom"';
