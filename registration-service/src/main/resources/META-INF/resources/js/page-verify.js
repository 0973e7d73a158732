// Verify the e-mail (code, or the link's token from the URL fragment), choose the PIN, store the
// token, and show the first OTP. The client secret and the PIN exist only in this page's memory.
import { postJson, ApiError, describe, deviceLabel } from './api.js';
import { extractPin } from './mpin.js';
import { saveIdentity } from './store.js';
import { obtainOtp, startOtpView } from './otp-view.js';

const page = document.getElementById('verify-page');
const clientId = page.dataset.clientId;
const params = new URLSearchParams(window.location.search);
const registrationId = params.get('registration');
const messages = { network: page.dataset.msgNetwork, server: page.dataset.msgServer, tooMany: page.dataset.msgTooMany };
let activationToken = null;

const userId = sessionStorage.getItem(`zeropin.registration.${registrationId}`);
if (userId) {
  document.getElementById('sent-to').textContent = page.dataset.msgSentTo.replace('%USER%', userId);
}

function showError(id, inputId, text) {
  const error = document.getElementById(id);
  error.textContent = text;
  error.hidden = !text;
  if (inputId) document.getElementById(inputId).setAttribute('aria-invalid', text ? 'true' : 'false');
}

function verificationError(e) {
  if (e instanceof ApiError) {
    if (e.code === 'wrong_code') return page.dataset.msgWrongCode.replace('%N%', String(e.problem.attemptsLeft));
    if (e.code === 'registration_void' || e.code === 'registration_expired' || e.code === 'registration_not_found') {
      return page.dataset.msgVoid;
    }
    if (e.code === 'too_many_wrong_codes') return page.dataset.msgTooManyCodes;
    if (e.code === 'already_verified') return page.dataset.msgDoneElsewhere;
    if (e.code === 'wrong_link') return page.dataset.msgBadLink;
  }
  return describe(e, messages);
}

async function verify(body) {
  const verified = await postJson(`/api/v1/registrations/${encodeURIComponent(registrationId)}/verification`, body);
  activationToken = verified.activationToken;
  document.getElementById('code-step').hidden = true;
  document.getElementById('pin-step').hidden = false;
  document.getElementById('pin').focus();
}

document.getElementById('code-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('code');
  const code = input.value.trim();
  if (!/^\d{8}$/.test(code)) {
    showError('code-error', 'code', page.dataset.msgCodeFormat);

    input.focus();
    return;
  }
  const submit = document.getElementById('code-submit');
  submit.disabled = true;
  try {
    showError('code-error', 'code', '');
    await verify({ code });
  } catch (e) {
    showError('code-error', 'code', verificationError(e));
    input.focus();
  } finally {
    submit.disabled = false;
  }
});

document.getElementById('pin-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const pinInput = document.getElementById('pin');
  const againInput = document.getElementById('pin-again');
  const pin = pinInput.value.trim();
  const again = againInput.value.trim();
  let problem = '';
  if (!/^\d{4}$/.test(pin)) problem = page.dataset.msgPinFormat;
  else if (pin === '0000') problem = page.dataset.msgPinZero;
  else if (pin !== again) problem = page.dataset.msgPinMismatch;
  if (problem) {
    showError('pin-error', 'pin', problem);
    pinInput.value = '';
    againInput.value = '';
    pinInput.focus();
    return;
  }
  const submit = document.getElementById('pin-submit');
  submit.disabled = true;
  try {
    const issued = await postJson('/api/v1/identities', { activationToken, deviceLabel: deviceLabel() });
    activationToken = null;
    const identity = await saveIdentity({
      id: crypto.randomUUID(),
      mpinId: issued.mpinId,
      token: extractPin(issued.clientSecret, issued.hid, pin),
      hid: issued.hid,
      userId: issued.userId,
      clientId: issued.clientId,
      projectName: page.dataset.projectName,
      otpServiceUrl: issued.otpServiceUrl.replace(/\/+$/, ''),
      createdAt: new Date().toISOString(),
    });
    issued.clientSecret = null;
    sessionStorage.removeItem(`zeropin.registration.${registrationId}`);
    pinInput.value = '';
    againInput.value = '';
    document.getElementById('pin-step').hidden = true;
    let first = null;
    try {
      first = await obtainOtp(identity, pin);
    } catch (e) {
      first = null;
    }
    startOtpView(identity, first);
    history.replaceState(null, '', `${page.dataset.otpPath}?client_id=${encodeURIComponent(clientId)}`
      + `&id=${encodeURIComponent(identity.id)}`);
  } catch (e) {
    showError('pin-error', 'pin', describe(e, messages));
  } finally {
    submit.disabled = false;
  }
});

// The buttons stay disabled until this script runs, so that no form is ever sent natively.
document.getElementById('code-submit').disabled = false;
document.getElementById('pin-submit').disabled = false;

// The e-mail leaves after the registration was stored, and is retried while the mail server is
// down: say so while it has not left, and stop asking once it has.
async function watchEmail() {
  const notice = document.getElementById('email-delayed');
  for (let round = 0; round < 300; round += 1) {
    let state = null;
    try {
      const response = await fetch(`/api/v1/registrations/${encodeURIComponent(registrationId)}`, {
        headers: { Accept: 'application/json' }, cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer',
      });
      if (response.ok) state = (await response.json()).email;
    } catch (e) {
      state = null;
    }
    notice.hidden = state !== 'DELAYED';
    if (state === 'SENT' || state === 'EXPIRED' || document.getElementById('code-step').hidden) return;
    await new Promise((resolve) => { setTimeout(resolve, round < 5 ? 1000 : 3000); });
  }
}
if (registrationId) watchEmail();

// The e-mailed link carries its token in the fragment (never sent to a server); use it, then
// remove it from the address bar and the history.
const fragment = new URLSearchParams(window.location.hash.slice(1));
const linkToken = fragment.get('token');
if (linkToken) {
  history.replaceState(null, '', window.location.pathname + window.location.search);
  document.getElementById('sent-to').textContent = page.dataset.msgLinkWorking;
  verify({ linkToken }).catch((e) => {
    showError('code-error', 'code', verificationError(e));
  });
}
