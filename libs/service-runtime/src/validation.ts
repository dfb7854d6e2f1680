import { BadRequestException, Body, Query, type PipeTransform } from '@nestjs/common';
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
    const textFormat = error.type === ValueErrorType.StringFormat && (error.schema as { format?: string }).format === 'text';
    const message = textFormat ? `must be text: ${textFormatDescription}` : error.message;
    problems.push({ path: error.path || '/', message });
    if (problems.length >= limit) break;
  }
  return problems;
}

/** Thrown for input that does not meet its schema: a 400 problem listing what is wrong. */
export class InvalidInput extends BadRequestException {
  constructor(where: 'body' | 'query', readonly problems: InputProblem[]) {
    super({ message: `the request ${where} is invalid: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`, errors: problems });
  }
}

/**
 * Checks a request body or query against the TypeBox schema that the OpenAPI document shows, so what is
 * documented is what is accepted. A request with no body is checked as an empty object.
 */
export class SchemaPipe<T extends TSchema> implements PipeTransform<unknown, Static<T>> {
  private readonly check: TypeCheck<T>;

  constructor(private readonly schema: T, private readonly where: 'body' | 'query') {
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

/** `@ValidBody(TakeOverBody) body: TakeOverBody`: the body, checked against its contract. */
export const ValidBody = (schema: TSchema) => Body(new SchemaPipe(schema, 'body'));
/** `@ValidQuery(ListQuery) query: ListQuery`: the query string, converted and checked. */
export const ValidQuery = (schema: TSchema) => Query(new SchemaPipe(schema, 'query'));
