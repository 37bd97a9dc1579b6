/**
 * What a platform says about a person id from the config: found (with their name there), not found
 * (and why), or not checkable (and why — a missing permission, say).
 */
export type PersonLookup =
  | { found: true; name?: string }
  | { found: false; why: string }
  | { unchecked: string };
