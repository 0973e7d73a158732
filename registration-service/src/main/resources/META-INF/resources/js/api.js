// JSON calls to ZeroPIN's public API; failures become ApiError with the problem's stable code.
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.code || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code || (status === 0 ? 'network_error' : `http_${status}`);
    this.problem = problem;
  }
}

/**
 * POSTs JSON and resolves to the JSON answer. Options: {@code bearer} (an Authorization token) and
 * {@code withCookies} (send and keep this origin's cookies; off by default).
 */
export async function postJson(url, body, { bearer = null, withCookies = false } = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(body),
      credentials: withCookies ? 'same-origin' : 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch (e) {
    throw new ApiError(0, { code: 'network_error' });
  }
  let json = {};
  try {
    json = await response.json();
  } catch (e) {
    json = {};
  }
  if (!response.ok) throw new ApiError(response.status, json);
  return json;
}

/** A human message for an error that has no specific handling on a page. */
export function describe(error, messages) {
  if (error instanceof ApiError) {
    if (error.code === 'network_error') return messages.network;
    if (error.status === 429) {
      return messages.tooMany.replace('%N%', String(error.problem.retryAfterSeconds || 60));
    }
    if (error.problem.detail && error.status < 500) return error.problem.detail;
  }
  return messages.server;
}

/** A short label of this device, e.g. "Chrome on Linux" (no identifier). */
export function deviceLabel() {
  const ua = navigator.userAgent;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox'
    : /Chrome\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : 'Browser';
  const os = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Windows/.test(ua) ? 'Windows'
    : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : 'unknown OS';
  return `${browser} on ${os}`;
}
