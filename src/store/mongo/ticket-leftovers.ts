import type { MongoParts } from './parts.js';

/**
 * Once, on MongoDB: what golive before #17 may have left. It committed on MongoDB with tickets too (now
 * FerretDB's way, ferretdb/tickets.ts): a writer killed between staging its events and outbox entries
 * and its release write left them behind, tagged with the version its commit would have given, and
 * the ticket listing them; the next writer of that version removed them. A transaction commit never
 * looks at tickets, so without this such a leftover would count as committed as soon as another commit
 * gave the release that version: a message that was never decided would be sent.
 *
 * Each ticket's leftovers go in a transaction that first reads the release: only documents of a version
 * the release never reached are removed, and a commit that reaches it meanwhile meets this transaction
 * in a write conflict on the same `_id`s (one of the two is retried). Then the ticket goes; the next
 * start finds none and reads nothing more.
 */
export async function removeTicketLeftovers(p: MongoParts): Promise<void> {
  for await (const ticket of p.tickets.find({})) {
    const commit = /^commit:(.+)@(\d+)$/.exec(ticket.base);
    const staged = ticket.staged;
    if (commit && staged) {
      const [, id, version] = commit as unknown as [string, string, string];
      const uncommitted = Number(version) + 1;
      const session = p.db.client.startSession();
      try {
        await session.withTransaction(
          async () => {
            const release = await p.releases.findOne({ _id: id }, { session, projection: { version: 1 } });
            if (!release || release.version >= uncommitted) return;
            const leftover = (ids: string[]) => ({ _id: { $in: ids }, commitVersion: uncommitted });
            await p.events.deleteMany(leftover(staged.events), { session });
            await p.outbox.deleteMany(leftover(staged.outbox), { session });
          },
          { readConcern: { level: 'snapshot' }, writeConcern: { w: 'majority' } },
        );
      } finally {
        await session.endSession();
      }
    }
    await p.tickets.deleteOne({ _id: ticket._id });
  }
}
