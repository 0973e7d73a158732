// "Delete" and "History" for one identity (browser OTP page and mobile identity page): each asks
// for the PIN, proves it, then calls registration-service with the one-time assertion.
import { ApiError, describe } from './api.js';
import { deleteIdentity } from './store.js';
import { proveForManage, deleteOnServer, historyOnServer } from './manage.js';

function messages(section) {
  const d = section.dataset;
  return {
    wrongPin: d.msgWrongPin, revoked: d.msgRevoked, network: d.msgNetwork, server: d.msgServer,
    tooMany: d.msgTooMany, pinFormat: d.msgPinFormat, deleted: d.msgDeleted, noHistory: d.msgNoHistory,
  };
}

function errorText(error, msg) {
  if (error instanceof ApiError && error.code === 'authentication_failed') {
    return msg.wrongPin.replace('%N%', String(error.problem.attemptsLeft));
  }
  if (error instanceof ApiError && error.code === 'identity_revoked') return msg.revoked;
  return describe(error, msg);
}

/** Wires the actions section of an identity; {@code homeUrl} is where to go after deleting it. */
export function startIdentityActions(identity, homeUrl) {
  const section = document.getElementById('identity-actions');
  if (!section) return;
  section.hidden = false;
  const msg = messages(section);
  const form = document.getElementById('manage-form');
  const pinInput = document.getElementById('manage-pin');
  const error = document.getElementById('manage-error');
  const submit = document.getElementById('manage-submit');
  let action = null;

  const ask = (which, label) => {
    action = which;
    form.hidden = false;
    document.getElementById('manage-pin-label').textContent = label;
    submit.textContent = label;
    pinInput.value = '';
    pinInput.focus();
  };
  document.getElementById('delete-start').addEventListener('click',
    () => ask('delete', document.getElementById('delete-start').dataset.confirm));
  document.getElementById('history-start').addEventListener('click',
    () => ask('history', document.getElementById('history-start').dataset.confirm));
  submit.disabled = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const pin = pinInput.value.trim();
    pinInput.value = '';
    if (!/^\d{4}$/.test(pin) || pin === '0000') {
      error.textContent = msg.pinFormat;
      error.hidden = false;
      pinInput.focus();
      return;
    }
    error.hidden = true;
    submit.disabled = true;
    try {
      const assertion = await proveForManage(identity, pin);
      if (action === 'delete') {
        await deleteOnServer(identity, assertion);
        await deleteIdentity(identity.id);
        sessionStorage.setItem('zeropin.status', msg.deleted.replace('%USER%', identity.userId));
        window.location.assign(homeUrl);
        return;
      }
      const history = await historyOnServer(identity, assertion);
      form.hidden = true;
      showHistory(history, msg);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'identity_revoked') {
        await deleteIdentity(identity.id);
      }
      error.textContent = errorText(e, msg);
      error.hidden = false;
      pinInput.focus();
    } finally {
      submit.disabled = false;
    }
  });
}

function showHistory(entries, msg) {
  const list = document.getElementById('history');
  const region = document.getElementById('history-section');
  region.hidden = false;
  list.replaceChildren();
  if (entries.length === 0) {
    const empty = document.createElement('li');
    empty.textContent = msg.noHistory;
    list.append(empty);
  }
  for (const entry of entries) {
    const item = document.createElement('li');
    item.className = `history-${entry.result}`;
    const when = document.createElement('time');
    when.dateTime = entry.occurredAt;
    when.textContent = new Date(entry.occurredAt).toLocaleString();
    const what = document.createElement('span');
    what.textContent = entry.detail + (entry.nasName ? ` · ${entry.nasName}` : '');
    item.append(when, what);
    list.append(item);
  }
  region.focus();
}
