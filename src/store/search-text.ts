import { releaseIdOf } from '../domain/release-id.js';

/** A board search's text as the stores use it: a release id when it reads as one, else a piece of text. */
export type SearchText = { id: string; piece: string } | { piece: string };

/**
 * "REL-12", "rel12" and "12" find REL-12 (and, as text, titles containing "12"); anything else is looked
 * for in titles and systems. Blank is no text filter.
 */
export function searchText(text: string | undefined): SearchText | undefined {
  const piece = text?.trim().slice(0, 100);
  if (!piece) return undefined;
  const id = releaseIdOf(piece);
  return id ? { id, piece } : { piece };
}
