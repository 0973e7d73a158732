// Register a User ID: the service e-mails a code and a link; the next page verifies it.
import { postJson, ApiError, describe, deviceLabel } from './api.js';

const section = document.getElementById('register-step');
const clientId = section.dataset.clientId;
const form = document.getElementById('register-form');
const input = document.getElementById('user-id');
const error = document.getElementById('user-id-error');
const submit = document.getElementById('register-submit');
const messages = {
  network: section.dataset.msgNetwork, server: section.dataset.msgServer, tooMany: section.dataset.msgTooMany,
};

function showError(text) {
  error.textContent = text;
  error.hidden = !text;
  input.setAttribute('aria-invalid', text ? 'true' : 'false');
  if (text) input.focus();
}

// The button stays disabled until this script runs, so that the form is never sent natively
// (which would put the User ID into a URL).
submit.disabled = false;

form.addEventListener('submit', async (event) => {

  event.preventDefault();
  const userId = input.value.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(userId)) {
    showError(section.dataset.msgInvalidUser);
    return;
  }
  showError('');
  submit.disabled = true;
  try {
    const started = await postJson('/api/v1/registrations',
      { clientId, userId, deviceLabel: deviceLabel(), channel: section.dataset.channel });
    sessionStorage.setItem(`zeropin.registration.${started.registrationId}`, userId);
    window.location.assign(`${section.dataset.verifyPath}?client_id=${encodeURIComponent(clientId)}`
      + `&registration=${encodeURIComponent(started.registrationId)}`);
  } catch (e) {
    if (e instanceof ApiError && e.code === 'validation_failed') {
      showError(section.dataset.msgInvalidUser);
    } else if (e instanceof ApiError && e.code === 'domain_not_allowed') {
      showError(section.dataset.msgDomain);
    } else {
      showError(describe(e, messages));
    }
    submit.disabled = false;
  }
});
