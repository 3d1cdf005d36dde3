import { startTestApp, type TestApp } from '../factories/test-app.js';

// Every operation in /api/docs says what it answers: a success response with its schema (204: none)
// and the error answers 401/403/404/409/422 with theirs. A new route without them fails here.

interface Operation {
  operationId?: string;
  responses?: Record<string, { content?: Record<string, { schema?: object }>; description?: string }>;
}

const ERRORS = ['401', '403', '404', '409', '422'];
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

describe('e2e: the OpenAPI document', () => {
  let t: TestApp;
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http().get('/api/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  const operations = (): Array<[string, Operation]> =>
    Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).filter(([m]) => METHODS.includes(m)).map(([m, op]): [string, Operation] => [`${m.toUpperCase()} ${path}`, op]));

  it('should give every operation a success response with a schema', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(40);
    const missing = ops
      .filter(([, op]) => {
        const ok = Object.entries(op.responses ?? {}).filter(([code]) => /^2\d\d$/.test(code));
        if (!ok.length) return true;
        return !ok.every(([code, r]) => code === '204' || (r.content && Object.values(r.content).every((c) => c.schema && Object.keys(c.schema).length)));
      })
      .map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it('should give every operation its 401, 403, 404, 409 and 422 answers with the error schema', () => {
    const missing = operations().flatMap(([name, op]) =>
      ERRORS.filter((code) => !op.responses?.[code]?.content?.['application/json']?.schema).map((code) => `${name} ${code}`),
    );
    expect(missing).toEqual([]);
    expect(Object.keys(doc.components.schemas.ErrorBody.properties ?? {}).sort()).toEqual(['details', 'error', 'message', 'statusCode']);
  });

  it('should describe the case view with its deadline, its state and the helping OPDs', () => {
    expect(Object.keys(doc.components.schemas.CaseViewSchema.properties ?? {})).toEqual(expect.arrayContaining(['dueAt', 'slaState', 'collaborators', 'trackingNumber', 'version', 'post']));
    const get = doc.paths['/api/cases/{id}'].get;
    expect(get.responses?.['200']?.content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/CaseDetailSchema' });
  });
});
