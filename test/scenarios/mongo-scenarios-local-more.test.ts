import { sessionsOnMongo } from './on-mongo-processes.js';

// The activity and enterprise scripted sessions, each a real `npm start` process, on the MongoDB store.
const run = sessionsOnMongo('localmore');
await import('../local/sessions-more.test.js');
run.expectReleasesInMongo(2);
