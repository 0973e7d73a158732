// The OTP generation link: the User IDs of this browser for this project, and registration.
import { listIdentities, deleteIdentity } from './store.js';

const section = document.getElementById('landing');
const clientId = section.dataset.clientId;
const list = document.getElementById('identities');
const status = document.getElementById('status');

async function render() {
  let identities;
  try {
    identities = await listIdentities(clientId);
  } catch (e) {
    status.textContent = section.dataset.msgNoStorage;
    return;
  }
  list.replaceChildren();
  document.getElementById('no-identities').hidden = identities.length > 0;
  for (const identity of identities) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.className = 'identity';
    link.href = `/otpgen/otp?client_id=${encodeURIComponent(clientId)}&id=${encodeURIComponent(identity.id)}`;
    link.textContent = identity.userId;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'button link';
    remove.textContent = section.dataset.msgRemove;
    remove.setAttribute('aria-label', `${section.dataset.msgRemove}: ${identity.userId}`);
    remove.addEventListener('click', async () => {
      if (!window.confirm(section.dataset.msgRemoveConfirm.replace('%USER%', identity.userId))) return;
      await deleteIdentity(identity.id);
      status.textContent = section.dataset.msgRemoved.replace('%USER%', identity.userId);
      await render();
      document.getElementById('register').focus();
    });
    item.append(link, remove);
    list.append(item);
  }
}

const message = sessionStorage.getItem('zeropin.status');
if (message) {
  sessionStorage.removeItem('zeropin.status');
  status.textContent = message;
}
render();
