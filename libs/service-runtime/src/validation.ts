import {
  BadRequestException,
  Query,
  UnsupportedMediaTypeException,
  createParamDecorator,
  type ExecutionContext,
  type PipeTransform,
} from '@nestjs/common';
import type { Request } from 'express';
import type { Static, TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import { textFormatDescription } from '@baton/contracts';

export interface InputProblem {
  /** JSON pointer into the input, e.g. /repName */
  path: string;
  message: string;
}

/** The first few problems of an input against its schema, in words a client developer can act on. */
export function inputProblems(check: TypeCheck<TSchema>, value: unknown, limit = 5): InputProblem[] {
  const problems: InputProblem[] = [];
  for (const error of check.Errors(value)) {
    const textFormat =
      error.type === ValueErrorType.StringFormat && (error.schema as { format?: string }).format === 'text';
    // A choice of words (an enum): name them, as "Expected union value" does not.
    const choices = error.type === ValueErrorType.Union ? literalsOf(error.schema) : undefined;
    const message = textFormat
      ? `must be text: ${textFormatDescription}`
      : choices
        ? `must be one of ${choices.join(', ')}`
        : error.message;
    problems.push({ path: error.path || '/', message });
    if (problems.length >= limit) break;
  }
  return problems;
}

function literalsOf(schema: TSchema): unknown[] | undefined {
  const options = (schema as { anyOf?: { const?: unknown }[] }).anyOf;
  return options?.every((o) => o.const !== undefined) ? options.map((o) => o.const) : undefined;
}

/** Thrown for input that does not meet its schema: a 400 problem listing what is wrong. */
export class InvalidInput extends BadRequestException {
  constructor(
    where: 'body' | 'query',
    readonly problems: InputProblem[],
  ) {
    super({
      message: `the request ${where} is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`,
      errors: problems,
    });
  }
}

/**
 * Checks a request body or query against the TypeBox schema that the OpenAPI document shows, so what is
 * documented is what is accepted. A request with no body is checked as an empty object.
 */
export class SchemaPipe<T extends TSchema> implements PipeTransform<unknown, Static<T>> {
  private readonly check: TypeCheck<T>;

  constructor(
    private readonly schema: T,
    private readonly where: 'body' | 'query',
  ) {
    this.check = TypeCompiler.Compile(schema);
  }

  transform(value: unknown): Static<T> {
    let input: unknown = value === undefined || value === null ? {} : value;
    // Query values arrive as strings; numbers and booleans the schema asks for are converted first.
    if (this.where === 'query') input = Value.Convert(this.schema, { ...(input as object) });
    if (!this.check.Check(input)) throw new InvalidInput(this.where, inputProblems(this.check, input));
    return input as Static<T>;
  }
}

/**
 * The request body, if it is of the media type the route takes (a body of another type, or one with no
 * Content-Type, is a 415 rather than silently read as nothing); `charsets` limits the charset parameter.
 */
const BodyOfType = createParamDecorator(
  (want: { type: string; charsets?: string[] }, context: ExecutionContext): unknown => {
    const request = context.switchToHttp().getRequest<Request>();
    // No body (none, or Content-Length: 0) is checked as an empty object; a body of another type, or of no
    // stated type, is refused.
    const { 'transfer-encoding': chunked, 'content-length': length } = request.headers;
    const hasBody = chunked !== undefined || (length !== undefined && length !== '0');
    if (hasBody && !request.is(want.type))
      throw new UnsupportedMediaTypeException(`the request body must be ${want.type}`);
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
    if (charset && want.charsets && !want.charsets.includes(charset)) {
      throw new UnsupportedMediaTypeException(
        `the request body must be ${want.type} in ${want.charsets.join(' or ')}, not ${charset}`,
      );
    }
    return request.body;
  },
);

/** `@ValidBody(TakeOverBody) body: TakeOverBody`: the JSON body, checked against its contract. */
export const ValidBody = (schema: TSchema) => BodyOfType({ type: 'application/json' }, new SchemaPipe(schema, 'body'));
/**
 * `@FormBody() params`: a UTF-8 urlencoded form (provider webhooks), parsed flat. It is checked against its
 * schema (a SchemaPipe) only after its signature, so an unsigned request is a 403 whatever its shape.
 */
export const FormBody = () => BodyOfType({ type: 'application/x-www-form-urlencoded', charsets: ['utf-8', 'utf8'] });
/** `@ValidQuery(ListQuery) query: ListQuery`: the query string, converted and checked. */
export const ValidQuery = (schema: TSchema) => Query(new SchemaPipe(schema, 'query'));
