import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../adapters/doctor/run.js';
import { ROOT } from '../local/support/golive-process.js';
import { mongoTestUri } from '../support/mongo.js';

describe('npm run doctor on MongoDB', () => {
  it('finds the server a writable primary and writes and removes a document there', async () => {
    const r = await runDoctor(
      {
        MONGODB_URI: mongoTestUri(),
        MONGODB_DB: `golive_doctor_${process.pid}`,
        FLOWS_DIR: join(ROOT, 'flows'),
      },
      { locale: 'en' },
    );
    expect(r.results.find((x) => x.name === 'data store')).toMatchObject({
      status: 'ok',
      text: expect.stringContaining(`database golive_doctor_${process.pid} is writable (primary)`),
    });
  });
});
