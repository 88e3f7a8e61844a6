// JSON over HTTP with the API of the same origin. Errors come back as the API's
// `{error: {code, message, details}}`, kept whole so a view can show every `path: problem`.

export interface ErrorDetail {
  readonly path: string;
  readonly message: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ErrorDetail[],
  ) {
    super(message);
    this.name = 'ApiFailure';
  }

  /** One line per problem, as `paysim validate` prints them: `path: problem` (the message alone when there are none). */
  lines(): string[] {
    if (this.details.length === 0) return [this.message];
    return this.details.map((d) => (d.path === '' ? d.message : `${d.path}: ${d.message}`));
  }
}

interface ErrorBody {
  readonly error?: { readonly code?: string; readonly message?: string; readonly details?: readonly ErrorDetail[] };
}

async function send<T>(method: string, url: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: body === undefined ? {} : { 'content-type': 'application/json' } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(url, init);
  const text = await response.text();
  const value: unknown = text === '' ? {} : JSON.parse(text);
  if (!response.ok) {
    const error = (value as ErrorBody).error ?? {};
    throw new ApiFailure(response.status, error.code ?? 'error', error.message ?? `${method} ${url}: ${response.status}`, error.details ?? []);
  }
  return value as T;
}

export const getJson = <T>(url: string): Promise<T> => send<T>('GET', url);
export const postJson = <T>(url: string, body?: unknown): Promise<T> => send<T>('POST', url, body);
export const deleteJson = (url: string): Promise<unknown> => send<unknown>('DELETE', url);
