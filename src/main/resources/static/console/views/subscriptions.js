// The consumer's views: their subscriptions with each endpoint's health, one subscription's delivery log,
// dead letters, replay, and creating or deleting a subscription (the signing secret is shown once).
import { api, attempt, esc, listOf, say } from '../api.js';
import { table } from './charts.js';

const OUTCOMES = ['delivered', 'failed', 'dead', 'unauthorized'];

function percent(rate) {
  return rate == null ? '–' : `${(rate * 100).toFixed(1)} %`;
}

function status(subscription) {
  return `<span class="status-${esc(subscription.status)}">${esc(subscription.status)}</span>`;
}

const PAGE = 50;

export async function subscriptionsView(view, after = 0) {
  // One call: a page of the caller's subscriptions, each with its health read in the same set-based queries.
  const page = await api(`/analytics/subscriptions?size=${PAGE}&after=${after}`);
  const subscriptions = page.subscriptions;
  const rows = subscriptions.map(s => {
    const h = s.health ?? {};
    return [`<a href="#/subscriptions/${esc(s.id)}">${esc(s.endPoint)}</a>`, esc(s.resourceFilter), status(s),
      percent(h.successRate), `${h.latencyP50Ms ?? '–'} / ${h.latencyP99Ms ?? '–'}`, h.retryBacklog ?? '–',
      h.deadLetters ?? '–', esc(h.circuit ?? '–')];
  });
  const more = subscriptions.length === PAGE;
  view.innerHTML = `<section class="card"><h2>Your subscriptions</h2>
    ${table('subscriptions', `${page.count} subscription(s)${after ? `, after ${after}` : ''}; rate and latency over the last 1 000 attempts`,
      ['Endpoint', 'Resource', 'Status', { label: 'Success', num: true }, { label: 'p50 / p99 ms', num: true },
        { label: 'Retrying', num: true }, { label: 'Dead', num: true }, 'Circuit'], rows)}
    <div class="row">${after ? '<button class="secondary" id="subscriptions-first">First page</button>' : ''}
      ${more ? '<button class="secondary" id="subscriptions-next">Next page</button>' : ''}</div></section>
    <section class="card"><h2>New subscription</h2>
    <form id="create" class="inline">
      <label>Endpoint <input name="endPoint" id="endpoint" required size="40" placeholder="https://… or amqp:queue"></label>
      <label>Resource <input name="resourceFilter" id="resource" required size="36" placeholder="urn:altinn:resource:…"></label>
      <label>Subject <input name="subjectFilter" id="subject-filter" placeholder="/party/…"></label>
      <label>Type <input name="typeFilter" id="type-filter" placeholder="app.instance.* or exact"></label>
      <label>Source prefix <input name="sourceFilter" id="source-filter"></label>
      <label>Retry schedule <input name="retrySchedule" id="retry-schedule" placeholder="PT10S,PT30S,…"></label>
      <button type="submit" id="create-button">Create</button>
    </form><div id="created" aria-live="polite"></div></section>`;
  const first = document.getElementById('subscriptions-first');
  if (first) first.onclick = () => attempt(() => subscriptionsView(view));
  const next = document.getElementById('subscriptions-next');
  if (next) next.onclick = () => attempt(() => subscriptionsView(view, subscriptions[subscriptions.length - 1].id));
  document.getElementById('create').onsubmit = event => {
    event.preventDefault();
    const form = new FormData(event.target);
    const request = {};
    for (const field of ['endPoint', 'resourceFilter', 'subjectFilter', 'typeFilter', 'sourceFilter']) {
      if (form.get(field)) request[field] = form.get(field).trim();
    }
    if (form.get('retrySchedule')) request.delivery = { retrySchedule: form.get('retrySchedule').split(',').map(s => s.trim()) };
    attempt(async () => {
      const created = await api('/subscriptions', { method: 'POST', body: request });
      document.getElementById('created').innerHTML = `<p>Created <a href="#/subscriptions/${esc(created.id)}"
        id="created-link">${esc(created.id)}</a> (${status(created)}).</p>${created.signingSecret
        ? `<p>Signing secret — shown only now, keep it:</p><p class="secret" id="signing-secret">${esc(created.signingSecret)}</p>`
        : '<p class="muted">The same subscription existed already; its secret was shown when it was created.</p>'}`;
      say('Subscription created');
    });
  };
}

export async function subscriptionView(view, id, outcome = '') {
  // The log read backwards: the newest 200 attempts, however many the subscription has had.
  const [subscription, health, log] = await Promise.all([api(`/subscriptions/${id}`),
    api(`/analytics/subscriptions/${id}`),
    api(`/subscriptions/${id}/deliveries?order=newest&size=200${outcome ? `&status=${outcome}` : ''}`)]);
  const deliveries = log.deliveries ?? [];
  const validation = subscription.validation
    ? `<p>Validation: attempt ${esc(subscription.validation.attempts ?? '')}, ${esc(subscription.validation.lastError ?? 'waiting for the first attempt')}
       ${subscription.validation.nextAttempt ? `; next ${esc(subscription.validation.nextAttempt)}` : ''}</p>` : '';
  view.innerHTML = `<p><a href="#/subscriptions">← Subscriptions</a></p>
    <section class="card"><h2>Subscription <code>${esc(id)}</code></h2>
      <p>${esc(subscription.endPoint)} · ${esc(subscription.resourceFilter)} · ${status(subscription)}</p>${validation}
      <dl class="row" id="health">
        <div><dt class="muted">Success</dt><dd id="success-rate">${percent(health.successRate)}</dd></div>
        <div><dt class="muted">p50 / p99</dt><dd>${health.latencyP50Ms ?? '–'} / ${health.latencyP99Ms ?? '–'} ms</dd></div>
        <div><dt class="muted">Retrying</dt><dd id="retry-backlog">${health.retryBacklog}</dd></div>
        <div><dt class="muted">Dead letters</dt><dd id="dead-letters">${health.deadLetters}</dd></div>
        <div><dt class="muted">Circuit</dt><dd>${esc(health.circuit)}</dd></div>
      </dl>
      <div class="row">
        <button id="redeliver" ${health.deadLetters ? '' : 'disabled'}>Redeliver dead letters</button>
        <form id="replay" class="inline"><label>Replay after cursor <input id="replay-after" required value="0" size="12"></label>
          <button type="submit" class="secondary">Replay</button></form>
        <button class="secondary" id="refresh">Refresh</button>
        <button class="danger" id="delete">Delete</button>
      </div></section>
    <section class="card"><h2>Delivery log</h2>
      <label>Outcome <select id="outcome">${['', ...OUTCOMES].map(o =>
        `<option value="${o}" ${o === outcome ? 'selected' : ''}>${o || 'all'}</option>`).join('')}</select></label>
      ${table('deliveries', 'Newest first (the latest 200)', ['Time', 'Event', { label: 'Attempt', num: true }, 'Outcome',
        { label: 'Status', num: true }, { label: 'ms', num: true }, 'Error'], deliveries.map(d => [esc(d.time),
        `<code>${esc(d.eventId)}</code>`, d.attempt, `<span class="outcome-${esc(d.outcome)}">${esc(d.outcome)}</span>`,
        d.statusCode ?? '', d.latencyMs ?? '', esc(d.error ?? '')]))}</section>
    <section class="card"><h2>Last failures</h2>${table('failures', '', ['Time', 'Event', 'Outcome', 'Error'],
      health.lastFailures.map(f => [esc(f.time), `<code>${esc(f.eventId)}</code>`, esc(f.outcome), esc(f.error ?? f.statusCode ?? '')]))}</section>`;
  const again = () => attempt(() => subscriptionView(view, id, document.getElementById('outcome').value));
  document.getElementById('outcome').onchange = again;
  document.getElementById('refresh').onclick = again;
  document.getElementById('redeliver').onclick = () => attempt(async () => {
    const answer = await api(`/subscriptions/${id}/deadletters/redeliver`, { method: 'POST' });
    say(`${answer.queued} dead letter(s) queued again`);
  });
  document.getElementById('replay').onsubmit = event => {
    event.preventDefault();
    attempt(async () => {
      const after = encodeURIComponent(document.getElementById('replay-after').value.trim());
      const answer = await api(`/subscriptions/${id}/replay?after=${after}`, { method: 'POST' });
      say(`${answer.queued} event(s) queued for replay`);
    });
  };
  const remove = document.getElementById('delete');
  remove.onclick = () => {
    if (remove.dataset.armed !== 'yes') {
      remove.dataset.armed = 'yes';
      remove.textContent = 'Really delete?';
      return;
    }
    attempt(async () => {
      await api(`/subscriptions/${id}`, { method: 'DELETE' });
      say('Subscription deleted');
      location.hash = '#/subscriptions';
    });
  };
}
