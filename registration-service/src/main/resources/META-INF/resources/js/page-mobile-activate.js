// Opened from the QR code: redeems the one-time activation code (from the URL fragment, never sent
// to a server as part of a URL), then continues with the registration for that project.
import { postJson, ApiError, describe } from './api.js';

const section = document.getElementById('mobile-activate');
const statusLine = document.getElementById('activate-status');
const error = document.getElementById('activate-error');
const next = document.getElementById('activate-continue');
const messages = { network: section.dataset.msgNetwork, server: section.dataset.msgServer, tooMany: section.dataset.msgTooMany };

const code = new URLSearchParams(window.location.hash.slice(1)).get('code');
history.replaceState(null, '', window.location.pathname);

function fail(text) {
  statusLine.hidden = true;
  error.textContent = text;
  error.hidden = false;
}

async function redeem() {
  if (!code) {
    fail(section.dataset.msgInvalid);
    return;
  }
  try {
    const project = await postJson('/api/v1/mobile-activations/redeem', { code });
    statusLine.textContent = section.dataset.msgProject.replace('%PROJECT%', project.projectName);
    next.href = `/m/register?client_id=${encodeURIComponent(project.clientId)}`;
    next.hidden = false;
    next.focus();
  } catch (e) {
    if (e instanceof ApiError && e.code === 'activation_used') fail(section.dataset.msgUsed);
    else if (e instanceof ApiError && e.code === 'activation_expired') fail(section.dataset.msgExpired);
    else if (e instanceof ApiError && e.code === 'activation_not_found') fail(section.dataset.msgInvalid);
    else fail(describe(e, messages));
  }
}

redeem();
