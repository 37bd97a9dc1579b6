import { MongoServerError } from 'mongodb';

/** The server refused an insert or update because a unique index (an `_id`, most often) already holds the value. */
export function isDuplicateKey(err: unknown): boolean {
  return err instanceof MongoServerError && err.code === 11000;
}
