/** The API from the browser: the session cookie travels by itself; state changes carry the CSRF token. */
let csrf = '';

export function setCsrf(token: string | undefined): void {
  csrf = token ?? '';
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export async function api<T = unknown>(method: string, path: string, body?: unknown, type?: string): Promise<T> {
  const raw = body instanceof Blob || body instanceof ArrayBuffer;
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: {
      ...(method !== 'GET' && { 'x-csrf-token': csrf }),
      ...(body !== undefined && { 'content-type': type ?? (raw ? 'application/octet-stream' : 'application/json') }),
    },
    body: body === undefined ? undefined : raw ? (body as BodyInit) : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  if (!res.ok) {
    const error = (json as { error?: { message?: string; details?: unknown } }).error;
    throw new ApiFailure(res.status, error?.message ?? res.statusText, error?.details);
  }
  return json as T;
}
