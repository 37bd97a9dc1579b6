import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../adapters/doctor/run.js';
import { ROOT } from '../local/support/golive-process.js';
import { mongoTestUri } from '../support/mongo.js';
import { transactionShim } from '../support/transaction-shim.js';

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

  it('says a standalone MongoDB will not do, and how to make it a replica set, in both languages', async () => {
    // The test shim as a standalone mongod: no setName in hello, and not FerretDB by its buildInfo.
    const standalone = await transactionShim(mongoTestUri(), { replicaSet: false });
    try {
      const env = {
        MONGODB_URI: standalone.uri,
        MONGODB_DB: `golive_doctor_${process.pid}`,
        FLOWS_DIR: join(ROOT, 'flows'),
      };
      const en = await runDoctor(env, { locale: 'en' });
      expect(en.results.find((x) => x.name === 'data store')).toMatchObject({
        status: 'fail',
        text: expect.stringContaining('is a standalone server, which runs no transactions'),
        fix: expect.stringContaining('start mongod with --replSet rs0, run rs.initiate() once in mongosh'),
      });
      const zh = await runDoctor(env, { locale: 'zh-CN' });
      expect(zh.results.find((x) => x.name === '数据存储')).toMatchObject({
        status: 'fail',
        text: expect.stringContaining('这是单机服务器，不支持事务'),
        fix: expect.stringContaining('把它改成副本集，一个成员就够'),
      });
    } finally {
      await standalone.close();
    }
  });
});
