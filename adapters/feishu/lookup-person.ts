import type * as lark from '@larksuiteoapi/node-sdk';
import type { PersonLookup } from '../startup/person-lookup.js';
import { openApi } from './open-api.js';

/** Codes meaning the app may not read the contact (missing permission): nothing can be told about the id. */
const NO_PERMISSION = new Set([99991672, 99991679]);
/** The person is outside the app's contact range (通讯录权限范围): the id may well be right. */
const OUT_OF_RANGE = 41050;

/**
 * Whether Feishu knows an `open_id` for this app, through the contact API
 * (`GET /open-apis/contact/v3/users/:id`). That needs a contact permission golive does not otherwise
 * ask for (`contact:contact.base:readonly`); without it the answer is "unchecked", with why.
 */
export async function lookUpFeishuPerson(client: lark.Client, openId: string): Promise<PersonLookup> {
  const res = await openApi<{ user?: { name?: string; status?: { is_resigned?: boolean } } }>(client, {
    method: 'GET',
    url: `/open-apis/contact/v3/users/${encodeURIComponent(openId)}`,
    params: { user_id_type: 'open_id' },
  });
  if (res.code === 0) {
    if (res.data?.user?.status?.is_resigned)
      return { found: false, why: 'has left the company (is_resigned)' };
    return { found: true, ...(res.data?.user?.name ? { name: res.data.user.name } : {}) };
  }
  if (NO_PERMISSION.has(res.code))
    return {
      unchecked:
        `the app may not read the contact (code ${res.code}); to have golive check Feishu ids, add the ` +
        'permission contact:contact.base:readonly (获取通讯录基本信息) and publish a new version — optional, golive works without it',
    };
  if (res.code === OUT_OF_RANGE)
    return {
      unchecked: `outside the app's contact range (code ${res.code}): widen 通讯录权限范围 in the console to check it`,
    };
  return { found: false, why: `Feishu answered code ${res.code}: ${res.msg}` };
}
