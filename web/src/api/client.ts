/** The API's one error shape, carried to the screen as it is. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string }[] = [],
  ) {
    super(message);
  }
}

async function request<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // 204 No Content (a revocation, a recorded decision) has no body to read.
  if (response.status === 204) return null as T;
  if (response.ok) return (await response.json()) as T;
  let error: { code?: string; message?: string; details?: { field: string; message: string }[] } = {};
  try {
    error = ((await response.json()) as { error: typeof error }).error ?? {};
  } catch {
    // Not JSON (a proxy page?): fall back to the status below.
  }
  throw new ApiError(response.status, error.code ?? 'HTTP_' + response.status, error.message ?? `请求失败（${response.status}）`, error.details);
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T>(url: string, body: unknown = {}, headers?: Record<string, string>) => request<T>('POST', url, body, headers),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, body),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, body),
  delete: <T>(url: string) => request<T>('DELETE', url),
};

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : '操作失败，请稍后再试';
}

/** Builds a query string, leaving out empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
