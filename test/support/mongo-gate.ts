/**
 * vitest globalSetup: says whether the MongoDB suites run. Without MONGODB_URI they are not collected
 * (vitest.config.ts) and this prints one line saying so and how to run them; under REQUIRE_MONGO=1 (CI,
 * `npm run test:mongo`) a missing MONGODB_URI fails the run instead of quietly passing without them.
 */
export default function mongoGate(): void {
  if (process.env.MONGODB_URI) {
    console.log(`MongoDB suites run against ${redact(process.env.MONGODB_URI)}`);
    return;
  }
  if (process.env.REQUIRE_MONGO === '1') {
    throw new Error('REQUIRE_MONGO=1 but MONGODB_URI is unset: the MongoDB suites cannot run');
  }
  console.log('MongoDB suites did not run: MONGODB_URI is unset — run `npm run test:mongo`');
}

/** The URI without credentials, for the log. */
function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
