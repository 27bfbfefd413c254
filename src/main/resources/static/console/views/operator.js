// The operator's view (admin scope): rates and backlog from the metrics, connectors, integrator routes and the policy.
import { api, esc } from '../api.js';
import { table } from './charts.js';

let previous = null;

function parseMetrics(text) {
  const values = {};
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = line.match(/^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)/);
    if (match) values[match[1] + (match[2] ?? '')] = Number(match[3]);
  }
  return values;
}

function sum(values, prefix) {
  return Object.entries(values).filter(([k]) => k.startsWith(prefix)).reduce((n, [, v]) => n + v, 0);
}

function objects(id, caption, list) {
  const keys = [...new Set(list.flatMap(item => Object.keys(item)))];
  return table(id, caption, keys, list.map(item => keys.map(k => esc(typeof item[k] === 'object' && item[k] !== null
    ? JSON.stringify(item[k]) : item[k] ?? ''))));
}

export async function operatorView(view) {
  const metricsText = await (await fetch('/prometheus')).text();
  const now = { at: Date.now(), values: parseMetrics(metricsText) };
  const rate = name => previous ? ((sum(now.values, name) - sum(previous.values, name)) * 1000 / (now.at - previous.at)).toFixed(1) : '–';
  const outcomes = ['delivered', 'failed', 'dead', 'unauthorized'];
  const lagCount = sum(now.values, 'budstikke_delivery_lag_seconds_count');
  const lagSum = sum(now.values, 'budstikke_delivery_lag_seconds_sum');
  const [connectors, routes, resources, grants, audit] = await Promise.all([api('/admin/connectors'), api('/admin/routes'),
    api('/admin/resources'), api('/admin/grants'), api('/admin/audit?size=50')]);
  view.innerHTML = `<section class="card"><h2>Hub</h2>
      ${table('hub-metrics', 'Rates since the previous refresh', ['Measure', { label: 'Total', num: true }, { label: 'Per second', num: true }], [
        ['Events committed', sum(now.values, 'budstikke_events_accepted_total'), rate('budstikke_events_accepted_total')],
        ...outcomes.map(o => [`Deliveries ${o}`, sum(now.values, `budstikke_deliveries_total{outcome="${o}"`),
          rate(`budstikke_deliveries_total{outcome="${o}"`)]),
        ['Retry backlog', sum(now.values, 'budstikke_delivery_retry_backlog'), ''],
        ['Commit → push lag, mean ms', lagCount ? (1000 * lagSum / lagCount).toFixed(1) : '–', '']])}
      <button id="refresh-metrics" class="secondary">Refresh</button></section>
    <section class="card"><h2>Connectors</h2>${objects('connectors', 'Checkpoints and parked entries', connectors.connectors ?? [])}</section>
    <section class="card"><h2>Integrator routes</h2><p class="muted">Directory ${esc(routes.directory ?? '')}</p>
      ${objects('routes', 'Files loaded or broken (file:line)', routes.files ?? [])}</section>
    <section class="card"><h2>Resources</h2>${objects('resources', '', resources)}</section>
    <section class="card"><h2>Grants</h2>${objects('grants', '', grants.grants ?? [])}</section>
    <section class="card"><h2>Audit log (denials)</h2>${objects('audit', 'Oldest first', audit.denials ?? [])}</section>`;
  previous = now;
  document.getElementById('refresh-metrics').onclick = () => operatorView(view);
}
