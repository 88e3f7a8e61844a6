// Protection that applies to every request, before any route runs: the Host header must name
// this server (DNS rebinding cannot reach a loopback API through a page of another site), JSON
// bodies are strict (no duplicate keys, bounded depth, as documents read by the CLI), other body
// types are refused with 415, and errors the HTTP parser raises itself (431, 400, 408) leave in
// the `{error: {code, message}}` shape like every other error.

import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseStrictJson } from '../input/json-text.js';
import { ApiError } from './errors.js';

/** Host names the API answers by default: the loopback names. */
export const LOOPBACK_HOSTS: readonly string[] = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The host name of a Host header without its port, lower case (`[::1]:8000` → `[::1]`); null when
 * the header is not a host and an optional port (`localhost:80@evil.com`, `a b`), which no allowed
 * name then matches.
 */
export function hostName(header: string): string | null {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::\d{1,5})?$/.exec(header.trim().toLowerCase());
  return match === null ? null : match[1]!;
}

/**
 * Installs the guards. `allowedHosts` lists host names (without port) the API answers to, or
 * `['*']` for any (behind a proxy that checks it).
 */
export function installGuards(app: FastifyInstance, allowedHosts: readonly string[]): void {
  const anyHost = allowedHosts.includes('*');
  const allowed = new Set(allowedHosts.map((h) => hostName(h === '::1' ? '[::1]' : h) ?? h));
  app.addHook('onRequest', async (request: FastifyRequest) => {
    if (anyHost) return;
    const header = request.headers.host;
    const name = header === undefined ? null : hostName(header);
    if (name === null || !allowed.has(name)) {
      throw new ApiError(
        403,
        'forbidden_host',
        `this server answers only to ${[...allowed].join(', ')} (Host: ${header === undefined ? 'none' : JSON.stringify(header.slice(0, 100))}); ` +
          'start it with --allow-host to add a name',
      );
    }
  });

  // Only JSON bodies: no text/plain parser, so such a request gets 415 instead of a string body.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    const read = parseStrictJson(text);
    if (read.ok) done(null, read.value);
    else done(new ApiError(400, 'bad_request', `the request body: ${read.path === '' ? '' : `${read.path}: `}${read.message}`, [{ path: read.path, message: read.message }]));
  });
}

/** Errors the HTTP parser raises before fastify sees a request, in the API's error shape. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'the request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'timeout', 'the request took too long to arrive']
        : [400, 'bad_request', 'malformed HTTP request'];
  const body = JSON.stringify({ error: { code, message } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
