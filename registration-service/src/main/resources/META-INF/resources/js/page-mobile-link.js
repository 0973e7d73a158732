// "Log In Using Mobile" on the desktop: a one-time activation link as a QR code, with its
// countdown and a refresh. The phone's camera opens the mobile app with it.
import { postJson, describe } from './api.js';

const section = document.getElementById('mobile-link');
const clientId = section.dataset.clientId;
const image = document.getElementById('qr');
const countdown = document.getElementById('qr-countdown');
const refresh = document.getElementById('qr-refresh');
const error = document.getElementById('qr-error');
const messages = { network: section.dataset.msgNetwork, server: section.dataset.msgServer, tooMany: section.dataset.msgTooMany };
let timer = null;

async function show() {
  clearInterval(timer);
  refresh.disabled = true;
  error.hidden = true;
  try {
    const activation = await postJson('/api/v1/mobile-activations', { clientId });
    image.src = `data:image/svg+xml;base64,${btoa(activation.qrSvg)}`;
    image.hidden = false;
    image.classList.remove('expired');
    const expiresAt = Date.parse(activation.expiresAt);
    const tick = () => {
      const left = Math.max(0, Math.round((expiresAt - Date.now()) / 1000));
      if (left <= 0) {
        clearInterval(timer);
        image.classList.add('expired');
        countdown.textContent = section.dataset.msgExpired;
        refresh.focus();
        return;
      }
      const minutes = Math.floor(left / 60);
      const seconds = String(left % 60).padStart(2, '0');
      countdown.textContent = section.dataset.msgValid.replace('%N%', `${minutes}:${seconds}`);
    };
    tick();
    timer = setInterval(tick, 1000);
  } catch (e) {
    error.textContent = describe(e, messages);
    error.hidden = false;
  } finally {
    refresh.disabled = false;
  }
}

refresh.addEventListener('click', show);
show();
