// The mobile app's home: the identities on this phone (of every project). Works offline: the
// service worker serves this page and its scripts from its cache, the list comes from IndexedDB.
import { listAllIdentities } from './store.js';

const section = document.getElementById('mobile-home');
const list = document.getElementById('identities');
const status = document.getElementById('status');

async function render() {
  let identities;
  try {
    identities = await listAllIdentities();
  } catch (e) {
    status.textContent = section.dataset.msgNoStorage;
    return;
  }
  document.getElementById('no-identities').hidden = identities.length > 0;
  list.replaceChildren();
  for (const identity of identities) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.className = 'identity';
    link.href = `/m/identity?id=${encodeURIComponent(identity.id)}`;
    const user = document.createElement('span');
    user.textContent = identity.userId;
    const project = document.createElement('small');
    project.className = 'muted';
    project.textContent = identity.projectName || identity.clientId;
    link.append(user, document.createElement('br'), project);
    item.append(link);
    list.append(item);
  }
}

const message = sessionStorage.getItem('zeropin.status');
if (message) {
  sessionStorage.removeItem('zeropin.status');
  status.textContent = message;
}
render();
