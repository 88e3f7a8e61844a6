// Every error leaves the API as `{error: {code, message, details?}}` (interfaces.md, HTTP API).
// Route code throws ApiError; the handler below also maps fastify's own errors (schema
// validation, body size, malformed JSON) so that clients see one shape whatever went wrong.

import type { FastifyError, FastifyInstance } from 'fastify';
import { MoneyRangeError } from '../engine/assert.js';
import { pointerToPath } from '../input/json-path.js';
import { SHOWN_ISSUES_MAX, type ValidationIssue } from '../input/issues.js';

export interface ErrorDetail {
  /** JSON path inside the request part (`agents[1].credit_limit`, `querystring.count`). */
  readonly path: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: readonly ErrorDetail[],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, details?: readonly ErrorDetail[]): ApiError =>
  new ApiError(400, 'bad_request', message, details);
export const notFound = (message: string): ApiError => new ApiError(404, 'not_found', message);
export const conflict = (message: string): ApiError => new ApiError(409, 'conflict', message);

/** A scenario's validation issues as a 400: the first SHOWN_ISSUES_MAX problems with their paths; the message counts them all. */
export function validationFailed(what: string, issues: readonly ValidationIssue[], prefix = ''): ApiError {
  // The first SHOWN_ISSUES_MAX problems; the count in the message says how many there are.
  const details = issues.slice(0, SHOWN_ISSUES_MAX).map((i) => ({ path: prefix === '' ? i.path : i.path === '' ? prefix : `${prefix}.${i.path}`, message: i.message }));
  return new ApiError(400, 'validation_failed', `${what} is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'})`, details);
}

interface AjvLikeError {
  readonly instancePath?: string;
  readonly message?: string;
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Fastify's schema errors: the part (`body`, `querystring`, `params`) and the path inside it. */
function schemaDetails(error: FastifyError): ErrorDetail[] {
  const part = error.validationContext ?? 'request';
  const list = (error.validation ?? []) as readonly AjvLikeError[];
  return list.map((e) => {
    let path = pointerToPath(e.instancePath ?? '', undefined);
    // A missing property is reported at its parent by Ajv; name the property itself.
    const missing = e.params?.['missingProperty'];
    if (typeof missing === 'string') path = path === '' ? missing : `${path}.${missing}`;
    const additional = e.params?.['additionalProperty'];
    if (typeof additional === 'string') path = path === '' ? additional : `${path}.${additional}`;
    // Body paths read as the document's own paths; query and route parameters say where they are.
    const full = part === 'body' ? path : path === '' ? part : `${part}.${path}`;
    return { path: full, message: e.message ?? 'invalid' };
  });
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) {
      const body = { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) };
      return reply.status(error.statusCode).send({ error: body });
    }
    if (error instanceof MoneyRangeError) {
      return reply.status(422).send({ error: { code: 'money_out_of_range', message: error.message } });
    }
    if (error.validation !== undefined) {
      return reply.status(400).send({ error: { code: 'bad_request', message: 'the request does not match the schema', details: schemaDetails(error) } });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: { code: 'body_too_large', message: error.message } });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // Malformed JSON, wrong content type, …: fastify's message says what.
      return reply.status(status).send({ error: { code: status === 415 ? 'unsupported_media_type' : 'bad_request', message: error.message } });
    }
    // Written to stderr whether or not request logging is on (--log): the reply points there, so
    // it must always be there. The request id ties the two together.
    process.stderr.write(`paysim serve: internal error in ${request.method} ${request.url.split('?')[0]} (request ${request.id}): ${error.stack ?? error.message}\n`);
    return reply.status(500).send({ error: { code: 'internal', message: `internal error (a bug): written to the server's stderr as request ${request.id}` } });
  });
  app.setNotFoundHandler((request, reply) => {
    return reply.status(404).send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
}
