import { sessionsOnMongo } from './on-mongo-processes.js';

// Local mode killed (SIGKILL) in the middle of a release and started again, on the MongoDB store:
// the three processes share one database (one data folder), and the reminder that fell due while
// nothing ran is an Agenda job on MongoDB.
const run = sessionsOnMongo('restart');
await import('../local/restart.test.js');
run.expectReleasesInMongo(1);
