const RELEASE_ID = /^rel-?(\d{1,9})$/i;

/** Normalises "rel-3", "REL3", "3" to "REL-3". */
export function releaseIdOf(word: string | undefined): string | undefined {
  if (!word) return undefined;
  const m = RELEASE_ID.exec(word) ?? /^(\d{1,9})$/.exec(word);
  return m ? `REL-${Number(m[1])}` : undefined;
}
