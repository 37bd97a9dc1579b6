import type { FastifyReply, FastifyRequest } from 'fastify';
import { openApiDocument } from '../../src/api/openapi.js';
import {
  deploymentRecorded,
  deploymentRequest,
  errorBody,
  gateClosed,
  gateOpen,
  gateQuery,
  releaseParams,
  releaseView,
} from '../../src/api/schemas.js';
import type { PipelineSpec } from '../../src/config/schema.js';
import type { WebApp } from '../../src/server/http.js';
import type { PipelineService } from '../../src/service/pipeline.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The pipeline whose token the request carries (set for /api/v1 routes but the document). */
    pipeline?: PipelineSpec;
  }
}

const fail = (reply: FastifyReply, status: number, code: string, message: string) =>
  reply.code(status).send(errorBody.parse({ error: { code, message } }));

/**
 * The pipeline API on the shared listener: `/api/v1/releases/{id}`, `/api/v1/gate`,
 * `/api/v1/releases/{id}/deployments`, and its OpenAPI document at `/api/v1/openapi.json`. Requests are
 * validated and answers built with the zod schemas the document is generated from.
 */
export async function registerPipelineApi(app: WebApp, api: PipelineService): Promise<void> {
  await app.register(
    async (scope) => {
      scope.decorateRequest('pipeline', undefined);
      scope.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
        reply.header('cache-control', 'no-store');
        if (req.url === '/api/v1/openapi.json') return;
        const pipeline = api.authenticate(req.headers.authorization);
        if (!pipeline) {
          reply.header('www-authenticate', 'Bearer');
          return fail(
            reply,
            401,
            'unauthorized',
            'A pipeline token is required: Authorization: Bearer <token>.',
          );
        }
        req.pipeline = pipeline;
      });

      scope.get('/openapi.json', async (req) =>
        openApiDocument(`${req.protocol}://${req.headers.host ?? 'localhost'}`),
      );

      scope.get('/releases/:id', async (req, reply) => {
        const params = releaseParams.safeParse(req.params);
        if (!params.success) return fail(reply, 404, 'not_found', 'No such release.');
        const found = await api.release(params.data.id);
        if (!found) return fail(reply, 404, 'not_found', `No release ${params.data.id}.`);
        if (!api.mayTouch(req.pipeline as PipelineSpec, found.release.system))
          return fail(reply, 403, 'forbidden', `This token may not touch system ${found.release.system}.`);
        return releaseView.parse(found.view);
      });

      scope.get('/gate', async (req, reply) => {
        const q = gateQuery.safeParse(req.query);
        if (!q.success)
          return fail(
            reply,
            400,
            'invalid_request',
            'system is required (and version, if given, at most 200 characters).',
          );
        const { system, version } = q.data;
        if (!api.mayTouch(req.pipeline as PipelineSpec, system))
          return fail(reply, 403, 'forbidden', `This token may not touch system ${system}.`);
        const answer = await api.gate(system, version);
        if (answer.open)
          return gateOpen.parse({ open: true, system, version: version ?? null, release: answer.release });
        return reply
          .code(409)
          .send(gateClosed.parse({ open: false, system, version: version ?? null, reasons: answer.reasons }));
      });

      scope.post('/releases/:id/deployments', async (req, reply) => {
        const params = releaseParams.safeParse(req.params);
        if (!params.success) return fail(reply, 404, 'not_found', 'No such release.');
        const key = req.headers['idempotency-key'];
        if (typeof key !== 'string' || !key.trim() || key.length > 200)
          return fail(
            reply,
            400,
            'missing_idempotency_key',
            'An Idempotency-Key header (1–200 characters) is required.',
          );
        const body = deploymentRequest.safeParse(req.body);
        if (!body.success)
          return fail(
            reply,
            400,
            'invalid_request',
            body.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
          );
        const d = body.data;
        const answer = await api.deploy(
          req.pipeline as PipelineSpec,
          params.data.id,
          {
            status: d.status,
            ...(d.version ? { version: d.version } : {}),
            ...(d.url ? { url: d.url } : {}),
            ...(d.notes ? { notes: d.notes } : {}),
          },
          key.trim(),
        );
        switch (answer.kind) {
          case 'not_found':
            return fail(reply, 404, 'not_found', `No release ${params.data.id}.`);
          case 'forbidden':
            return fail(reply, 403, 'forbidden', "This token may not touch the release's system.");
          case 'refused':
            return fail(reply, 409, answer.code, answer.message);
          case 'busy':
            return fail(reply, 503, 'busy', 'The release was busy; send the same request again.');
          case 'recorded':
            if (answer.replayed) reply.header('idempotent-replayed', 'true');
            return deploymentRecorded.parse({
              recorded: true,
              replayed: answer.replayed,
              release: answer.release,
            });
        }
      });
    },
    { prefix: '/api/v1' },
  );
}
