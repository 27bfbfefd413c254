// The console's shell: sign-in, navigation between views (#/…), and who is signed in.
import { claims, completeOidc, devSignIn, oidcSignIn, scopes, signOut, token } from './auth.js';
import { attempt, esc, markLoaded, say } from './api.js';
import { subscriptionsView, subscriptionView } from './views/subscriptions.js';
import { publisherView } from './views/publisher.js';
import { analyticsView } from './views/analytics.js';
import { operatorView } from './views/operator.js';

const view = document.getElementById('view');
let settings = { devIssuer: true, scopes: {} };

const routes = [
  [/^#\/subscriptions\/([0-9a-f-]+)$/, id => subscriptionView(view, id)],
  [/^#\/subscriptions$/, () => subscriptionsView(view)],
  [/^#\/publisher$/, () => publisherView(view)],
  [/^#\/analytics$/, () => analyticsView(view)],
  [/^#\/operator$/, () => operatorView(view, settings)]
];

async function show() {
  say('');
  if (!token()) {
    signInView();
    return;
  }
  document.getElementById('nav').hidden = false;
  document.getElementById('nav-operator').hidden = !scopes().includes(settings.scopes.admin);
  const c = claims();
  document.getElementById('who').innerHTML =
    `Signed in as <strong>${esc(c?.sub ?? c?.consumer ?? 'unknown')}</strong> <button class="secondary" id="sign-out">Sign out</button>`;
  document.getElementById('sign-out').onclick = () => { signOut(); location.hash = ''; show(); };
  const hash = location.hash || '#/subscriptions';
  for (const link of document.querySelectorAll('nav a')) {
    if (hash.startsWith(link.getAttribute('href'))) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  const match = routes.map(([pattern, render]) => [hash.match(pattern), render]).find(([m]) => m);
  view.innerHTML = '<p class="muted">Loading…</p>';
  delete view.dataset.loaded;
  let rendered = false;
  if (match) await attempt(async () => { await match[1](...match[0].slice(1)); rendered = true; });
  else view.innerHTML = '<p>No such page.</p>';
  // Which page has its data on screen, and when (ms since navigation): what tests and the console benchmark wait for.
  if (rendered) markLoaded(view, hash);
  view.focus();
}

function signInView() {
  document.getElementById('nav').hidden = true;
  document.getElementById('who').textContent = '';
  if (!settings.devIssuer) {
    view.innerHTML = `<section class="card"><h2>Sign in</h2>
      <p>Sign in with ${esc(settings.issuer)}.</p><button id="oidc">Sign in</button></section>`;
    document.getElementById('oidc').onclick = () => attempt(() => oidcSignIn(settings));
    return;
  }
  const s = settings.scopes;
  view.innerHTML = `<section class="card"><h2>Sign in with the development issuer</h2>
    <form id="dev-sign-in" class="inline">
      <label>Identity <input id="identity" name="identity" required value="/org/ttd"
        aria-describedby="identity-help" size="32"></label>
      <fieldset><legend>Scopes</legend>
        <label><span><input type="checkbox" name="scope" value="${esc(s.subscribe)}" checked> subscribe</span></label>
        <label><span><input type="checkbox" name="scope" value="${esc(s.publish)}" checked> publish</span></label>
        <label><span><input type="checkbox" name="scope" value="${esc(s.admin)}" id="scope-admin"> admin</span></label>
      </fieldset>
      <button type="submit" id="sign-in">Sign in</button>
    </form>
    <p id="identity-help" class="muted">/org/{org}, /organisation/{orgno}, /person/{pid}, /user/{id} or /party/{id}.
      Tokens come from the hub's development issuer, which is off when a real issuer is configured.</p></section>`;
  document.getElementById('dev-sign-in').onsubmit = event => {
    event.preventDefault();
    const wanted = [...document.querySelectorAll('input[name=scope]:checked')].map(box => box.value);
    attempt(async () => {
      await devSignIn(document.getElementById('identity').value.trim(), wanted);
      location.hash = '#/subscriptions';
      await show();
    });
  };
}

async function start() {
  settings = await (await fetch('/console/settings.json')).json();
  if (!settings.devIssuer) await attempt(() => completeOidc(settings));
  window.addEventListener('hashchange', show);
  await show();
}

start();
