import type { Agenda } from 'agenda';
import { createFastifyPlugin } from 'agendash';
import type { FastifyInstance } from 'fastify';
import type { BoardReader } from '../../src/board/reader.js';
import { pageContext, sendPage } from './request.js';
import { tr } from './texts.js';
import { renderNotice } from './views/page.js';

/**
 * Agendash (the dashboard that pairs with agenda 6.2.6) at /board/jobs/, for admins only: it lists,
 * re-runs, pauses and deletes Agenda's jobs, so everyone else gets a 403 page. It runs behind the board's
 * sign-in like every other page (the parent's hook has already required a session). Its page loads
 * `./assets/…` and calls `api…` relative to its own URL, so `/board/jobs` is sent on to `/board/jobs/`.
 */
export async function registerJobs(
  board: FastifyInstance,
  reader: BoardReader,
  agenda: Agenda,
): Promise<void> {
  await board.register(
    async (jobs) => {
      jobs.addHook('onRequest', async (req, reply) => {
        if (!req.viewer?.admin) {
          const l = req.locale;
          return sendPage(
            reply,
            renderNotice(pageContext(req, reader), tr(l, 'forbidden_title'), [tr(l, 'forbidden_jobs')]),
            403,
          );
        }
        if (req.url === '/board/jobs') return reply.redirect('/board/jobs/', 301);
        return undefined;
      });
      await jobs.register(createFastifyPlugin(agenda));
    },
    { prefix: '/jobs' },
  );
}
