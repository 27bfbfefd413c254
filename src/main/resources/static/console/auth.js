// Sign-in: the development issuer (pick identity and scopes) or an external OIDC issuer (authorization code + PKCE).
const KEY = 'budstikke.console.token';

export function token() {
  return sessionStorage.getItem(KEY);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
}

/** The claims of the current token, read (not verified: the hub verifies every call). */
export function claims() {
  const current = token();
  if (!current) return null;
  try {
    const payload = current.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  } catch {
    return null;
  }
}

export function scopes() {
  const c = claims();
  if (!c) return [];
  const value = c.scope ?? c.scp ?? [];
  return Array.isArray(value) ? value : String(value).split(' ');
}

export async function devSignIn(identity, wanted) {
  const response = await fetch('/dev/token', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ identity, scopes: wanted })
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.detail || 'Sign-in failed');
  sessionStorage.setItem(KEY, body.access_token);
}

function base64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

async function discover(issuer) {
  const response = await fetch(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration');
  if (!response.ok) throw new Error('The issuer\'s OpenID configuration could not be read');
  return response.json();
}

/** Starts the authorization-code flow with PKCE: the verifier waits in session storage for the redirect back. */
export async function oidcSignIn(settings) {
  const configuration = await discover(settings.issuer);
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const state = base64url(crypto.getRandomValues(new Uint8Array(16)));
  sessionStorage.setItem('budstikke.console.pkce', JSON.stringify({ verifier, state }));
  const url = new URL(configuration.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: settings.clientId, redirect_uri: redirectUri(), scope: settings.scope,
    state, code_challenge: challenge, code_challenge_method: 'S256'
  });
  location.assign(url);
}

function redirectUri() {
  return location.origin + '/console/';
}

/** Completes the flow when the issuer sent the browser back with a code; true when it signed in. */
export async function completeOidc(settings) {
  const params = new URLSearchParams(location.search);
  if (!params.has('code')) return false;
  const pending = JSON.parse(sessionStorage.getItem('budstikke.console.pkce') || 'null');
  sessionStorage.removeItem('budstikke.console.pkce');
  history.replaceState(null, '', '/console/' + location.hash);
  if (!pending || pending.state !== params.get('state')) throw new Error('The sign-in answer does not match the request');
  const configuration = await discover(settings.issuer);
  const response = await fetch(configuration.token_endpoint, {
    method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', code: params.get('code'), redirect_uri: redirectUri(),
      client_id: settings.clientId, code_verifier: pending.verifier
    })
  });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error_description || 'The issuer refused the code');
  sessionStorage.setItem(KEY, body.access_token);
  return true;
}
