// The device side of ZeroPIN's M-Pin protocol, with @noble/curves (bls12_381.G1). The same math as
// the server's AMCL and the Java reference client; docs/protocol.md describes it.
// Points travel as 0x04 || X || Y (97 bytes, AMCL's uncompressed form; noble's is the same without
// the 0x04); scalars as 48 bytes big-endian; both base64url without padding.
import { bls12_381 } from '@noble/curves/bls12-381.js';

const G1 = bls12_381.G1.Point;
const ORDER = G1.Fn.ORDER;

export function bytesToBase64url(bytes) {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64urlToBytes(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bytesToBigInt(bytes) {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

/** A point received from the server: 97 bytes, 0x04 prefix, on the curve and in G1. */
function pointFromWire(text) {
  const bytes = base64urlToBytes(text);
  if (bytes.length !== 97 || bytes[0] !== 4) throw new Error('not an uncompressed G1 point');
  const point = G1.fromBytes(bytes.subarray(1));
  point.assertValidity();
  return point;
}

function pointToWire(point) {
  const raw = point.toBytes(false);
  const bytes = new Uint8Array(97);
  bytes[0] = 4;
  bytes.set(raw, 1);
  return bytesToBase64url(bytes);
}

function scalarFromWire(text) {
  const bytes = base64urlToBytes(text);
  if (bytes.length !== 48) throw new Error('not a 48-byte scalar');
  const value = bytesToBigInt(bytes);
  if (value <= 0n || value >= ORDER) throw new Error('scalar out of range');
  return value;
}

function randomScalar() {
  const wide = crypto.getRandomValues(new Uint8Array(64));
  return (bytesToBigInt(wide) % (ORDER - 1n)) + 1n;
}

function checkPin(pin) {
  if (!/^\d{4}$/.test(pin) || pin === '0000') throw new Error('a PIN has 4 digits and is not 0000');
  return BigInt(Number(pin));
}

/** T = CS − PIN·H(id): the token the browser keeps instead of the client secret. */
export function extractPin(clientSecret, hid, pin) {
  return pointToWire(pointFromWire(clientSecret).subtract(pointFromWire(hid).multiply(checkPin(pin))));
}

/**
 * Pass 1: a fresh x, the commitment U = x·H(id), and the state for pass 2 (x and T + PIN·H(id)).
 * The state never leaves this page and is dropped after pass 2.
 */
export function pass1(token, hid, pin, x = randomScalar()) {
  const h = pointFromWire(hid);
  const secret = pointFromWire(token).add(h.multiply(checkPin(pin)));
  return { u: pointToWire(h.multiply(x)), state: { x, secret } };
}

/** Pass 2: V = −((x + y) mod r)·(T + PIN·H(id)). */
export function pass2(state, y) {
  const sum = (state.x + scalarFromWire(y)) % ORDER;
  return pointToWire(state.secret.multiply(sum).negate());
}

/** For the known-answer test: pass 1 with a given x (base64url scalar). Devices always draw a fresh x. */
export function pass1WithX(token, hid, pin, x) {
  return pass1(token, hid, pin, scalarFromWire(x));
}
