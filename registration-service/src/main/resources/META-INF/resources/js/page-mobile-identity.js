// One identity on the phone: Generate OTP (PIN each time), History, Delete.
import { getIdentity } from './store.js';
import { startOtpView } from './otp-view.js';
import { startIdentityActions } from './identity-actions.js';

const id = new URLSearchParams(window.location.search).get('id');

async function start() {
  let identity = null;
  try {
    identity = id ? await getIdentity(id) : null;
  } catch (e) {
    identity = null;
  }
  if (!identity) {
    document.getElementById('unknown-identity').hidden = false;
    return;
  }
  document.getElementById('identity-project').textContent = identity.projectName || identity.clientId;
  document.getElementById('identity-user').textContent = identity.userId;
  startOtpView(identity, null);
  startIdentityActions(identity, '/m/');
}

start();
