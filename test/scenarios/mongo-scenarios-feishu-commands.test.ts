import { scenariosOnMongo } from './on-mongo.js';

// Feishu commands and the card's more-actions menu, on the MongoDB store. (The webhook's checks are
// tested on a stub core, which has no store: nothing there to run again.)
scenariosOnMongo('feishucmd');

await import('../feishu/commands.test.js');
await import('../feishu/more-actions.test.js');
