// The period and time range controls the analytics and publisher views share.
import { esc } from '../api.js';

function day(offset) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}

export const range = { period: 'day', from: day(-30), to: day(1), window: 'P1D', resource: '' };

export function rangeControls(withWindow = false) {
  return `<form id="range" class="inline" aria-label="Period and range">
    <label>Period <select id="period">${['day', 'hour'].map(p =>
      `<option ${p === range.period ? 'selected' : ''}>${p}</option>`).join('')}</select></label>
    <label>From (UTC) <input type="date" id="from" value="${esc(range.from)}" required></label>
    <label>To (UTC, exclusive) <input type="date" id="to" value="${esc(range.to)}" required></label>
    ${withWindow ? `<label>Relation window <select id="window">${['PT1H', 'P1D', 'P7D', 'P30D'].map(w =>
      `<option ${w === range.window ? 'selected' : ''}>${w}</option>`).join('')}</select></label>` : ''}
    <button type="submit" id="apply">Show</button></form>`;
}

/** Reads the controls into the shared range and calls back when the user applies them. */
export function onRange(render) {
  document.getElementById('range').onsubmit = event => {
    event.preventDefault();
    range.period = document.getElementById('period').value;
    range.from = document.getElementById('from').value;
    range.to = document.getElementById('to').value;
    const window = document.getElementById('window');
    if (window) range.window = window.value;
    render();
  };
}

export function rangeQuery() {
  return `period=${range.period}&from=${range.from}T00:00:00Z&to=${range.to}T00:00:00Z`;
}
