import { ArgumentsHost, Catch, HttpException, type ExceptionFilter } from '@nestjs/common';
import { isDomainError } from '@baton/decider';
import { InvalidEvent } from '@baton/contracts';
import type { Request, Response } from 'express';
import type { Logger } from 'pino';

export const problemBase = 'https://baton.dev/problems/';

/** Every error at the HTTP edge as an RFC 9457 problem document with a stable type URL. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  constructor(private readonly logger?: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const problem = toProblem(error);
    if (problem.status >= 500) this.logger?.error({ err: error, path: request.path }, 'request failed');
    response
      .status(problem.status)
      .type('application/problem+json')
      .json({ ...problem, instance: request.originalUrl ?? request.url });
  }
}

export function toProblem(error: unknown): {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [k: string]: unknown;
} {
  if (isDomainError(error))
    return { type: problemBase + error.code, title: error.name, status: error.status, detail: error.message };
  if (error instanceof InvalidEvent)
    return { type: problemBase + 'invalid-request', title: 'Invalid request', status: 400, detail: error.reason };
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const detail = typeof body === 'string' ? body : (body as { message?: unknown }).message;
    return {
      type:
        problemBase +
        (status === 404
          ? 'not-found'
          : status === 401
            ? 'unauthorized'
            : status === 403
              ? 'forbidden'
              : `http-${status}`),
      title: error.name.replace(/Exception$/, ''),
      status,
      detail: Array.isArray(detail) ? detail.join('; ') : typeof detail === 'string' ? detail : error.message,
      // What else the thrower said (readiness checks, the input errors with their JSON pointers, a command's id and code).
      ...(typeof body === 'object' && body
        ? Object.fromEntries(
            Object.entries(body).filter(
              ([k]) => !['message', 'error', 'statusCode', 'status', 'type', 'title', 'detail', 'instance'].includes(k),
            ),
          )
        : {}),
    };
  }
  // Errors of the body parsers (http-errors: a body too large, a charset other than UTF-8, too many form
  // fields): `expose` marks a message written for the client.
  if (isClientHttpError(error)) {
    const kind = clientErrorKinds.get(error.status);
    return {
      type: problemBase + (kind?.type ?? `http-${error.status}`),
      title: kind?.title ?? 'Bad request',
      status: error.status,
      detail: error.message,
    };
  }
  return {
    type: problemBase + 'internal',
    title: 'Internal error',
    status: 500,
    detail: 'an unexpected error occurred; it has been logged',
  };
}

const clientErrorKinds = new Map([
  [400, { type: 'invalid-request', title: 'Invalid request' }],
  [413, { type: 'payload-too-large', title: 'Payload too large' }],
  [415, { type: 'unsupported-media-type', title: 'Unsupported media type' }],
]);

function isClientHttpError(error: unknown): error is Error & { status: number; expose: true } {
  if (!(error instanceof Error)) return false;
  const { status, expose } = error as Error & { status?: unknown; expose?: unknown };
  return expose === true && typeof status === 'number' && status >= 400 && status < 500;
}
