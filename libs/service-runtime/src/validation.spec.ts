import { Controller, Get, Module, Post } from '@nestjs/common';
import { Type } from '@sinclair/typebox';
import { Text } from '@baton/contracts';
import { Public } from './auth';
import { startForTest, type TestService } from './testing';
import { ValidBody, ValidQuery } from './validation';

const NoteBody = Type.Object(
  { note: Text(20, { minLength: 1 }), count: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
const PageQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) },
  { additionalProperties: false },
);

@Controller('v1/notes')
class NotesController {
  @Post()
  add(@ValidBody(NoteBody) body: unknown) {
    return body;
  }

  @Get()
  list(@ValidQuery(PageQuery) query: unknown) {
    return query;
  }
}
@Controller('open')
@Public()
class OpenController {
  @Get()
  open() {
    return { open: true };
  }
}
@Module({ controllers: [NotesController, OpenController] })
class NotesModule {}

describe('request validation against the contract schema', () => {
  let service: TestService;
  beforeAll(async () => {
    service = await startForTest([{ name: 'notes', modules: [NotesModule] }]);
  });
  afterAll(() => service.cleanup());
  const post = (body: string | undefined, contentType = 'application/json') =>
    service.fetchAs('/v1/notes', {
      method: 'POST',
      body,
      headers: body === undefined ? {} : { 'content-type': contentType },
    });

  it('passes a body that meets the schema', async () => {
    const response = await post(JSON.stringify({ note: 'call at 6', count: 2 }));
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ note: 'call at 6', count: 2 });
  });

  it.each([
    ['a NUL character', { note: 'Sam\u0000Poison' }, '/note', /must be text/],
    ['an unpaired surrogate', { note: 'bad \ud800 text' }, '/note', /must be text/],
    ['a string too long', { note: 'x'.repeat(21) }, '/note', /length/],
    ['an object where text belongs', { note: { a: 1 } }, '/note', /string/],
    ['a number where text belongs', { note: 7 }, '/note', /string/],
    ['a field the schema does not name', { note: 'ok', extra: true }, '/extra', /Unexpected property/],
    ['no body at all', undefined, '/note', /Expected required property/],
  ])('refuses %s with a 400 problem naming the field', async (_case, body, path, message) => {
    const response = await post(body === undefined ? undefined : JSON.stringify(body));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const problem = (await response.json()) as {
      status: number;
      detail: string;
      errors: { path: string; message: string }[];
    };
    expect(problem.status).toBe(400);
    expect(problem.errors[0]).toMatchObject({ path });
    expect(problem.errors.map((e) => e.message).join(' ')).toMatch(message);
  });

  it('converts and checks a query string', async () => {
    expect(await (await service.fetchAs('/v1/notes?limit=5')).json()).toEqual({ limit: 5 });
    const bad = await service.fetchAs('/v1/notes?limit=500');
    expect(bad.status).toBe(400);
    expect((await service.fetchAs('/v1/notes?limit=five')).status).toBe(400);
    expect((await service.fetchAs('/v1/notes?sort=desc')).status).toBe(400);
  });

  it('binds auth to the route, not to a path prefix: case variants neither match nor bypass', async () => {
    for (const path of ['/v1/notes', '/V1/notes', '/v1/Notes', '/V1/NOTES']) {
      const response = await fetch(`${service.url}${path}`);
      expect([401, 404]).toContain(response.status);
      if (path !== '/v1/notes') expect(response.status).toBe(404); // routing is case-sensitive
    }
    expect((await fetch(`${service.url}/open`)).status).toBe(200); // @Public needs no token
    expect((await fetch(`${service.url}/OPEN`)).status).toBe(404);
  });
});
