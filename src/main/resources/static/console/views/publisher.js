// The publisher's and resource owner's view: events in per type, deliveries by outcome, refused publishes with
// their reasons, and browsing events.
import { api, attempt, esc, markLoaded } from '../api.js';
import { chart, table } from './charts.js';
import { onRange, range, rangeControls, rangeQuery } from './range.js';

export async function publisherView(view) {
  const [events, deliveries, refused] = await Promise.all([api(`/analytics/events?${rangeQuery()}`),
    api(`/analytics/deliveries?${rangeQuery()}`), api(`/analytics/refusals?${rangeQuery()}`)]);
  view.innerHTML = `<section class="card"><h2>Your resources</h2>${rangeControls()}</section>
    <div class="grid2">
      <section class="card"><h2>Events in per type</h2><div class="chart" id="events-chart" role="img"
        aria-label="Events in per type and period"></div>${table('events-table', 'Totals in the range',
        ['Resource', 'Type', { label: 'Events', num: true }], events.resources.flatMap(r => r.types.map(t =>
          [esc(r.resource), esc(t.type), t.total])))}</section>
      <section class="card"><h2>Deliveries by outcome</h2>${table('deliveries-table', 'Totals in the range',
        ['Resource', 'Outcome', { label: 'Deliveries', num: true }], deliveries.resources.flatMap(r => r.outcomes.map(o =>
          [esc(r.resource), `<span class="outcome-${esc(o.outcome)}">${esc(o.outcome)}</span>`, o.total])))}</section>
    </div>
    <section class="card"><h2>Refused publishes</h2>${table('refusals-table',
      'What the hub refused from you in the range, by door, reason, resource and the fields at fault (most first)',
      ['Publisher', 'Door', 'Reason', 'Resource', 'Fields', { label: 'Refused', num: true }, 'Last'],
      refused.refusals.map(r => [esc(r.publisher), esc(r.door), `<span class="outcome-failed">${esc(r.reason)}</span>`,
        esc(r.resource ?? '–'), esc(r.fields.join(', ') || '–'), r.total, esc(r.last)]))}</section>
    <section class="card"><h2>Browse events</h2>
      <form id="browse" class="inline">
        <label>Resource <input id="browse-resource" required size="36" value="${esc(events.resources[0]?.resource ?? '')}"></label>
        <label>Type <input id="browse-type" placeholder="exact or prefix*"></label>
        <label>Subject <input id="browse-subject"></label>
        <label>After <input id="browse-after" value="0" size="10"></label>
        <button type="submit">Search</button></form><div id="browse-result"></div></section>`;
  onRange(() => attempt(() => publisherView(view)));
  const types = [...new Set(events.resources.flatMap(r => r.types.map(t => t.type)))];
  const starts = [...new Set(events.resources.flatMap(r => r.types.flatMap(t => t.buckets.map(b => b.start))))].sort();
  chart(document.getElementById('events-chart'), {
    legend: { type: 'scroll' }, xAxis: { type: 'category', data: starts.map(s => s.slice(0, range.period === 'day' ? 10 : 16)) },
    yAxis: { type: 'value' }, series: types.map(type => ({
      type: 'bar', stack: 'events', name: type, data: starts.map(start => events.resources.flatMap(r => r.types)
        .filter(t => t.type === type).flatMap(t => t.buckets).filter(b => b.start === start).reduce((n, b) => n + b.events, 0))
    }))
  });
  document.getElementById('browse').onsubmit = event => {
    event.preventDefault();
    attempt(() => browse(document.getElementById('browse-after').value.trim()));
  };
}

async function browse(after) {
  const params = new URLSearchParams({ resource: document.getElementById('browse-resource').value.trim(), after, size: '50' });
  for (const [name, id] of [['type', 'browse-type'], ['subject', 'browse-subject']]) {
    const value = document.getElementById(id).value.trim();
    if (value) params.set(name, value);
  }
  const events = await api(`/events?${params}`);
  const result = document.getElementById('browse-result');
  result.innerHTML = table('events-found', `${events.length} event(s)`, ['Id', 'Type', 'Subject', 'Time', 'Source'],
    events.map(e => [`<code>${esc(e.id)}</code>`, esc(e.type), esc(e.subject ?? ''), esc(e.time ?? ''), esc(e.source)]))
    + (events.length ? '<button class="secondary" id="browse-next">Next page</button>' : '');
  markLoaded(result, 'events');
  const next = document.getElementById('browse-next');
  if (next) {
    // The page's last event id is the cursor of the next page.
    next.onclick = () => attempt(() => browse(events[events.length - 1].id));
  }
}
