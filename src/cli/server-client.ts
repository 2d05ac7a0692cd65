/**
 * Talking to a workspace server from the command line (`push`, `pull`): the URL, the token from IOTASSURE_TOKEN, and
 * errors turned into messages a person can act on.
 */
import { type Diagnostic, InputError } from '../util/diagnostics.js';
import { UsageError } from './command.js';

export interface ServerClient {
  base: URL;
  request(method: string, path: string, body?: unknown): Promise<Response>;
  json<T>(method: string, path: string, body?: unknown): Promise<T>;
}

/** A failure to reach or use the server: exit 2 with the message, no stack trace. */
export class ServerError extends UsageError {}

export function serverClient(url: string | undefined, env: NodeJS.ProcessEnv = process.env): ServerClient {
  if (!url) throw new UsageError('--server URL is required (the address of `iotassure serve`)');
  let base: URL;
  try {
    base = new URL(url.endsWith('/') ? url : `${url}/`);
  } catch {
    throw new UsageError(`--server must be a URL such as http://127.0.0.1:8080; got "${url}"`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new UsageError('--server must be http:// or https://');
  const token = env.IOTASSURE_TOKEN;
  if (!token) {
    throw new UsageError(
      'set IOTASSURE_TOKEN to an API token (create one in the workspace under Account, or POST /api/tokens)',
    );
  }
  const request = async (method: string, path: string, body?: unknown) => {
    try {
      return await fetch(new URL(path.replace(/^\//, ''), base), {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ServerError(`cannot reach ${base.origin} (${cause}); is \`iotassure serve\` running there?`);
    }
  };
  return {
    base,
    request,
    async json<T>(method: string, path: string, body?: unknown) {
      const response = await request(method, path, body);
      if (!response.ok) throw await responseError(response, base);
      return (await response.json()) as T;
    },
  };
}

/** The server's error body as a message; a model the server refused becomes diagnostics like a local one. */
export async function responseError(response: Response, base: URL, file?: string): Promise<Error> {
  let error: { code?: string; message?: string; details?: { diagnostics?: Diagnostic[] } } = {};
  try {
    error = ((await response.json()) as { error?: typeof error }).error ?? {};
  } catch {}
  if (error.code === 'invalid_model' && error.details?.diagnostics && file) {
    return new InputError(
      error.details.diagnostics.map((d) => ({
        ...d,
        file,
        ...(d.position && { position: { ...d.position, file } }),
      })),
    );
  }
  const what =
    response.status === 401
      ? 'the server does not accept IOTASSURE_TOKEN (unknown or revoked)'
      : (error.message ?? response.statusText);
  return new ServerError(`${base.origin} answered ${response.status}: ${what}`);
}
