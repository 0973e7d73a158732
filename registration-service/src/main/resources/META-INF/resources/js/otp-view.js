// The OTP step shared by the OTP page and the end of a registration: PIN → pass 1 / pass 2 → the
// OTP in large digits with a countdown from the server's expiresAt, RETRY after it.
import { postJson, ApiError, describe } from './api.js';
import { pass1, pass2 } from './mpin.js';
import { deleteIdentity } from './store.js';

const section = () => document.getElementById('otp-view');

function messages() {
  const d = section().dataset;
  return {
    expiresIn: d.msgExpiresIn, expired: d.msgExpired, copied: d.msgCopied, wrongPin: d.msgWrongPin,
    revoked: d.msgRevoked, network: d.msgNetwork, server: d.msgServer, tooMany: d.msgTooMany, pinFormat: d.msgPinFormat,
  };
}

/** Authenticates with token and PIN; resolves to {otp, expiresAt} or rejects with ApiError. */
export async function obtainOtp(identity, pin) {
  const first = pass1(identity.token, identity.hid, pin);
  const challenge = await postJson(`${identity.otpServiceUrl}/api/v1/authenticate/pass1`,
    { mpinId: identity.mpinId, u: first.u });
  const v = pass2(first.state, challenge.y);
  first.state = null;
  return postJson(`${identity.otpServiceUrl}/api/v1/authenticate/pass2`, { sessionId: challenge.sessionId, v });
}

let timer = null;

function showError(text) {
  const error = document.getElementById('otp-error');
  error.textContent = text;
  error.hidden = !text;
  document.getElementById('otp-pin').setAttribute('aria-invalid', text ? 'true' : 'false');
}

function showPinForm() {
  clearInterval(timer);
  document.getElementById('otp-result').hidden = true;
  document.getElementById('otp-pin-form').hidden = false;
  const pin = document.getElementById('otp-pin');
  pin.value = '';
  pin.focus();
}

function showOtp(result) {
  const msg = messages();
  const code = document.getElementById('otp-code');
  const countdown = document.getElementById('otp-countdown');
  const progress = document.getElementById('otp-progress');
  document.getElementById('otp-pin-form').hidden = true;
  document.getElementById('otp-result').hidden = false;
  code.textContent = result.otp;
  code.classList.remove('expired');
  countdown.classList.remove('expired');
  const expiresAt = Date.parse(result.expiresAt);
  const total = Math.max(1, result.ttlSeconds);
  let lastAnnounced = null;
  const tick = () => {
    const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
    progress.value = Math.round((100 * left) / total);
    if (left <= 0) {
      clearInterval(timer);
      code.classList.add('expired');
      code.setAttribute('aria-disabled', 'true');
      countdown.classList.add('expired');
      countdown.textContent = msg.expired;
      document.getElementById('otp-retry').focus();
      return;
    }
    // Screen readers hear the time left every 10 seconds, not every second.
    const announce = left % 10 === 0 || lastAnnounced === null || left <= 5;
    if (announce) {
      countdown.textContent = msg.expiresIn.replace('%N%', String(left));
      lastAnnounced = left;
    }
  };
  tick();
  clearInterval(timer);
  timer = setInterval(tick, 1000);
  document.getElementById('otp-copy').focus();
}

/** Shows the OTP step for an identity; {@code firstResult} is an OTP obtained already (registration). */
export function startOtpView(identity, firstResult) {
  const msg = messages();
  section().hidden = false;
  document.getElementById('otp-pin-label').textContent = section().dataset.msgPinLabel.replace('%USER%', identity.userId);

  const form = document.getElementById('otp-pin-form');
  const submit = document.getElementById('otp-submit');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const pinInput = document.getElementById('otp-pin');
    const pin = pinInput.value.trim();
    pinInput.value = '';
    if (!/^\d{4}$/.test(pin) || pin === '0000') {
      showError(msg.pinFormat);
      pinInput.focus();
      return;
    }
    showError('');
    submit.disabled = true;
    try {
      showOtp(await obtainOtp(identity, pin));
    } catch (error) {
      if (error instanceof ApiError && error.code === 'authentication_failed') {
        showError(msg.wrongPin.replace('%N%', String(error.problem.attemptsLeft)));
      } else if (error instanceof ApiError && error.code === 'identity_revoked') {
        await deleteIdentity(identity.id);
        form.hidden = true;
        document.getElementById('otp-revoked').hidden = false;
        document.getElementById('otp-revoked-text').textContent = msg.revoked;
      } else {
        showError(describe(error, msg));
      }
      pinInput.focus();
    } finally {
      submit.disabled = false;
    }
  });
  submit.disabled = false;
  document.getElementById('otp-retry').addEventListener('click', showPinForm);

  document.getElementById('otp-copy').addEventListener('click', async () => {
    const text = document.getElementById('otp-code').textContent;
    try {
      await navigator.clipboard.writeText(text);
      document.getElementById('otp-countdown').textContent = msg.copied;
    } catch (e) {
      window.getSelection().selectAllChildren(document.getElementById('otp-code'));
    }
  });
  if (firstResult) {
    showOtp(firstResult);
  } else {
    showPinForm();
  }
}
