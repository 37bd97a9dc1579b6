// Prints "N passed, N failed" from a vitest JSON report (the line CI reads).
import { readFileSync } from 'node:fs';

// Checks CI ran besides vitest (`--check "name=pass|fail"`, e.g. hadolint) count as one test each.
const [file, ...rest] = process.argv.slice(2);
const checks = [];
for (let i = 0; i < rest.length; i++) {
  if (rest[i] !== '--check') continue;
  const [name, result] = String(rest[++i] ?? '').split(/=(?=[^=]*$)/);
  checks.push({ name, passed: result === 'pass' });
}
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  const failedChecks = checks.filter((c) => !c.passed).length;
  console.log(`${checks.length - failedChecks} passed, ${failedChecks + 1} failed`);
  process.exit(1);
}
for (const c of checks) console.log(`${c.name}: ${c.passed ? 'passed' : 'FAILED'}`);
const passedChecks = checks.filter((c) => c.passed).length;
const passed = (report.numPassedTests ?? 0) + passedChecks;
// A file that fails outside any test (an import error) has no failed test: count it once instead.
const failedTests = report.numFailedTests ?? 0;
const failed = (failedTests || (report.numFailedTestSuites ?? 0)) + (checks.length - passedChecks);
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
