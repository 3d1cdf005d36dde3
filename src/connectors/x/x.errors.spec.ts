import type { AxiosResponse } from 'axios';
import { classifyXResponse } from './x.errors.js';

const res = (status: number, body: unknown): AxiosResponse<string> =>
  ({ status, data: JSON.stringify(body), headers: {}, config: {}, statusText: '' }) as unknown as AxiosResponse<string>;
const forbidden = (detail: string, extra: Record<string, unknown> = {}) => res(403, { title: 'Forbidden', type: 'about:blank', status: 403, detail, ...extra });

// X answers 403 for causes that need different handling (platform-apis.md §3.2c, §3.6).
describe('classifyXResponse: the causes behind a 403', () => {
  it.each([
    ['a deleted or invisible target', forbidden('You attempted to reply to a Tweet that is deleted or not visible to you.'), 'not_found'],
    ['a deleted target, legacy body', res(403, { errors: [{ code: 385, message: 'You attempted to reply to a Tweet that is deleted or not visible to you.' }] }), 'not_found'],
    ['duplicate content', forbidden('You are not allowed to create a Tweet with duplicate content.'), 'duplicate'],
    ['duplicate content, legacy body', res(403, { errors: [{ code: 187, message: 'Status is a duplicate.' }] }), 'duplicate'],
    [
      'the author restricting replies',
      forbidden('Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.'),
      'reply_restricted',
    ],
    ['a client not enrolled', forbidden('You are not permitted to perform this request.', { type: 'https://api.twitter.com/2/problems/client-forbidden', reason: 'client-not-enrolled' }), 'permission'],
    ['a write permission missing', forbidden('You are not permitted to perform this action.'), 'permission'],
    ['OAuth 1.0a app permissions', forbidden('Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.', { type: 'https://api.twitter.com/2/problems/oauth1-permissions' }), 'permission'],
    ['a 403 nobody documented', forbidden('Something else went wrong.'), 'invalid_request'],
    ['an empty 403 body', res(403, ''), 'invalid_request'],
  ])('should read %s', (_name, r, kind) => {
    expect(classifyXResponse(r, 'X reply')?.kind).toBe(kind);
  });
});
