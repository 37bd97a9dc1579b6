import type { MessageRef } from '../../domain/types.js';
import type { FlowSpec } from '../../flow/schema.js';
import { canonicalHash } from '../canonical.js';
import type { SqliteDb } from './open.js';

/** Message refs (cards the bot may edit) and the flow versions releases pin. */
export function refsAndFlows(db: SqliteDb) {
  const saveRef = db.prepare(
    `INSERT INTO message_refs (release_id, key, ref) VALUES (?, ?, ?)
     ON CONFLICT (release_id, key) DO UPDATE SET ref = excluded.ref`,
  );
  const refsStmt = db.prepare<[string], { key: string; ref: string }>(
    'SELECT key, ref FROM message_refs WHERE release_id = ?',
  );
  const flowHash = db.prepare<[string, number], { hash: string }>(
    'SELECT hash FROM flows WHERE id = ? AND version = ?',
  );
  const insertFlow = db.prepare('INSERT INTO flows (id, version, hash, doc) VALUES (?, ?, ?, ?)');
  const getFlowStmt = db.prepare<[string, number], { doc: string }>(
    'SELECT doc FROM flows WHERE id = ? AND version = ?',
  );

  // Immediate: two processes starting together must not both decide 'stored' for different texts.
  const putFlow = db.transaction((flow: FlowSpec): 'stored' | 'same' | 'changed' => {
    const hash = canonicalHash(flow);
    const existing = flowHash.get(flow.id, flow.version);
    if (existing) return existing.hash === hash ? 'same' : 'changed';
    insertFlow.run(flow.id, flow.version, hash, JSON.stringify(flow));
    return 'stored';
  });

  return {
    saveMessageRef(releaseId: string, key: string, ref: MessageRef): void {
      saveRef.run(releaseId, key, JSON.stringify(ref));
    },
    messageRefs(releaseId: string): Record<string, MessageRef> {
      const out: Record<string, MessageRef> = {};
      for (const row of refsStmt.all(releaseId)) out[row.key] = JSON.parse(row.ref) as MessageRef;
      return out;
    },
    putFlow: (flow: FlowSpec) => putFlow.immediate(flow),
    getFlow(id: string, version: number): FlowSpec | null {
      const row = getFlowStmt.get(id, version);
      return row ? (JSON.parse(row.doc) as FlowSpec) : null;
    },
  };
}
