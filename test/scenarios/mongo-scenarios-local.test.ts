import { sessionsOnMongo } from './on-mongo-processes.js';

// The normal and emergency scripted sessions, each a real `npm start` process, on the MongoDB store.
const run = sessionsOnMongo('local');
await import('../local/sessions.test.js');
run.expectReleasesInMongo(2);
