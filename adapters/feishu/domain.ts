import * as lark from '@larksuiteoapi/node-sdk';
import { checkDomain } from './config.js';

/** `feishu` (open.feishu.cn), `lark` (open.larksuite.com) or a base URL used as is. */
export function resolveDomain(domain: string): lark.Domain | string {
  checkDomain(domain);
  if (domain === 'feishu') return lark.Domain.Feishu;
  if (domain === 'lark') return lark.Domain.Lark;
  return domain.replace(/\/$/, '');
}
