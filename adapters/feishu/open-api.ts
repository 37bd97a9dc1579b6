import type * as lark from '@larksuiteoapi/node-sdk';

/** An open API answer: `code` 0 is success; errors carry Feishu's code and message. */
export interface OpenApiAnswer<T = Record<string, unknown>> {
  code: number;
  msg: string;
  data?: T;
}

/**
 * One open API call with the app's tenant token, its answer whatever the HTTP status: Feishu answers
 * most errors with HTTP 400 and `{code, msg}`, which the SDK throws as an HTTP error. A call that got
 * no answer at all (network) still throws.
 */
export async function openApi<T = Record<string, unknown>>(
  client: lark.Client,
  request: { method: 'GET' | 'POST'; url: string; params?: Record<string, string>; data?: unknown },
): Promise<OpenApiAnswer<T>> {
  try {
    const res = (await client.request(request)) as Partial<OpenApiAnswer<T>> | undefined;
    return { code: res?.code ?? -1, msg: res?.msg ?? '', ...(res?.data ? { data: res.data } : {}) };
  } catch (err) {
    const body = (err as { response?: { data?: Partial<OpenApiAnswer<T>> } }).response?.data;
    if (body && typeof body.code === 'number') return { code: body.code, msg: body.msg ?? '' };
    throw err;
  }
}
