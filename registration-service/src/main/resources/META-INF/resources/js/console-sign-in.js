// Console sign-in: the administrator picks one of this browser's ZeroPIN identities and proves its
// PIN (two-pass M-Pin, purpose "admin-login"); otp-service answers with a one-time assertion that
// registration-service exchanges for a console session cookie. The PIN never leaves the page.
import { ApiError, postJson } from './api.js';
import { listAllIdentities, deleteIdentity } from './store.js';
import { pass1, pass2 } from './mpin.js';

const section = document.getElementById('sign-in');
const mode = section.dataset.mode;
const form = document.getElementById('sign-in-form');
const select = document.getElementById('identity');
const pinInput = document.getElementById('pin');
const error = document.getElementById('sign-in-error');
const submit = document.getElementById('sign-in-submit');

function show(message) {
  error.textContent = message;
  error.hidden = false;
  pinInput.setAttribute('aria-invalid', 'true');
  pinInput.focus();
}

function bootstrapCode() {
  const fragment = new URLSearchParams(window.location.hash.slice(1));
  return fragment.get('code');
}

async function prove(identity, pin) {
  const first = pass1(identity.token, identity.hid, pin);
  const challenge = await postJson(`${identity.otpServiceUrl}/api/v1/authenticate/pass1`,
    { mpinId: identity.mpinId, u: first.u });
  const v = pass2(first.state, challenge.y);
  first.state = null;
  const result = await postJson(`${identity.otpServiceUrl}/api/v1/authenticate/pass2`,
    { sessionId: challenge.sessionId, v, purpose: 'admin-login' });
  return result.assertion;
}

// A bootstrap link and a sign-in link (mode "enrol") both enrol the chosen identity for the console.
function openSession(assertion) {
  const withLink = mode === 'bootstrap' || mode === 'enrol';
  const url = withLink ? '/admin/bootstrap' : '/admin/session';
  const body = withLink ? { code: bootstrapCode() } : {};
  return postJson(url, body, { bearer: assertion, withCookies: true });
}

function describe(e) {
  if (!(e instanceof ApiError)) return 'Something went wrong. Try again.';
  switch (e.code) {
    case 'authentication_failed':
      return `Wrong PIN. Attempts left: ${e.problem.attemptsLeft}.`;
    case 'identity_revoked':
      return 'This identity was revoked (too many wrong PINs or by an administrator). Register it again.';
    case 'not_an_administrator':
      return 'This identity may not open the console. Ask a global administrator to allow its User ID and for a'
        + ' sign-in link, then open that link in this browser.';
    case 'bootstrap_link_invalid':
      return e.problem.detail;
    case 'network_error':
      return 'ZeroPIN cannot be reached. Check the connection and try again.';
    default:
      if (e.status === 429) return `Too many attempts. Try again in ${e.problem.retryAfterSeconds || 60} s.`;
      return e.problem.detail || 'Something went wrong. Try again.';
  }
}

async function start() {
  if ((mode === 'bootstrap' || mode === 'enrol') && !bootstrapCode()) {
    show('This link is incomplete. Copy the whole link, including the part after #.');
    return;
  }
  let identities = [];
  try {
    identities = await listAllIdentities();
  } catch (e) {
    identities = [];
  }
  if (identities.length === 0) {
    document.getElementById('no-identity').hidden = false;
    form.hidden = true;
    return;
  }
  for (const identity of identities) {
    const option = document.createElement('option');
    option.value = identity.id;
    option.textContent = `${identity.userId} (${identity.clientId})`;
    select.append(option);
  }
  submit.disabled = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const pin = pinInput.value.trim();
    pinInput.value = '';
    if (!/^\d{4}$/.test(pin)) {
      show('The PIN has 4 digits.');
      return;
    }
    error.hidden = true;
    pinInput.removeAttribute('aria-invalid');
    submit.disabled = true;
    const identity = identities.find((candidate) => candidate.id === select.value);
    try {
      const assertion = await prove(identity, pin);
      const session = await openSession(assertion);
      window.location.assign(session.next || '/admin/dashboard');
    } catch (e) {
      if (e instanceof ApiError && e.code === 'identity_revoked') {
        await deleteIdentity(identity.id);
      }
      show(describe(e));
      submit.disabled = false;
    }
  });
}

start();
