// What a device does with its own identity after proving its PIN again: delete it (revoke it on
// the server) or read its usage history. The proof yields a one-time assertion from otp-service
// that registration-service accepts once, for this identity only.
import { postJson, ApiError } from './api.js';
import { pass1, pass2 } from './mpin.js';

/** Proves token and PIN for the purpose "manage"; resolves to the assertion. */
export async function proveForManage(identity, pin) {
  const first = pass1(identity.token, identity.hid, pin);
  const challenge = await postJson(`${identity.otpServiceUrl}/api/v1/authenticate/pass1`,
    { mpinId: identity.mpinId, u: first.u });
  const v = pass2(first.state, challenge.y);
  first.state = null;
  const result = await postJson(`${identity.otpServiceUrl}/api/v1/authenticate/pass2`,
    { sessionId: challenge.sessionId, v, purpose: 'manage' });
  return result.assertion;
}

// The mpinId travels in the body, never in the URL (access logs, proxies, history).
async function call(url, assertion, identity) {
  let response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { Authorization: `Bearer ${assertion}`, Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ mpinId: identity.mpinId }),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (e) {
    throw new ApiError(0, { code: 'network_error' });
  }
  if (!response.ok) {
    let problem = {};
    try {
      problem = await response.json();
    } catch (e) {
      problem = {};
    }
    throw new ApiError(response.status, problem);
  }
  return response.status === 204 ? null : response.json();
}

/** Revokes the identity on the server. */
export function deleteOnServer(identity, assertion) {
  return call('/api/v1/identities/revocation', assertion, identity);
}

/** The identity's usage history, newest first. */
export function historyOnServer(identity, assertion) {
  return call('/api/v1/identities/history', assertion, identity);
}
