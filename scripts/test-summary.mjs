// Prints "N passed, N failed" from a vitest JSON report (the line CI reads).
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
// A file that fails outside any test (an import error) has no failed test: count it once instead.
const failedTests = report.numFailedTests ?? 0;
const failed = failedTests || (report.numFailedTestSuites ?? 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
// The MongoDB suites (mongo*.test.ts: the store contract, Agenda, replicas, outage, and every scenario
// again on MongoDB) on a line of their own, so the log shows they ran and how many of their tests passed.
const mongoFiles = (report.testResults ?? []).filter((f) => /\/mongo[^/]*\.test\.ts$/.test(f.name ?? ''));
const mongoTests = mongoFiles.flatMap((f) => f.assertionResults ?? []);
const mongoPassed = mongoTests.filter((t) => t.status === 'passed').length;
console.log(
  mongoFiles.length
    ? `MongoDB suites: ${mongoFiles.length} files, ${mongoPassed} of ${mongoTests.length} tests passed`
    : 'MongoDB suites: none ran',
);
console.log(
  skipped ? `${passed} passed, ${failed} failed, ${skipped} skipped` : `${passed} passed, ${failed} failed`,
);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
