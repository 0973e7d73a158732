// Get an OTP for one identity of this browser.
import { getIdentity } from './store.js';
import { startOtpView } from './otp-view.js';
import { startIdentityActions } from './identity-actions.js';

const page = document.getElementById('otp-page');
const clientId = page.dataset.clientId;
const id = new URLSearchParams(window.location.search).get('id');

async function start() {
  let identity = null;
  try {
    identity = id ? await getIdentity(id) : null;
  } catch (e) {
    identity = null;
  }
  if (!identity || identity.clientId !== clientId) {
    document.getElementById('unknown-identity').hidden = false;
    return;
  }
  startOtpView(identity, null);
  startIdentityActions(identity, `/otpgen?client_id=${encodeURIComponent(clientId)}`);

}

start();
