// Charts (ECharts from its webjar) with the same numbers in a table beside them, for screen readers and tests.
import { esc } from '../api.js';

const charts = new Map();

export function chart(element, option) {
  charts.get(element)?.dispose();
  const instance = window.echarts.init(element, null, { renderer: 'svg' });
  instance.setOption({ aria: { enabled: true }, animation: false, tooltip: { trigger: 'axis' }, ...option });
  charts.set(element, instance);
  return instance;
}

export function table(id, caption, headers, rows) {
  return `<table id="${esc(id)}"><caption class="muted">${esc(caption)}</caption><thead><tr>${headers
    .map(h => `<th scope="col"${h.num ? ' class="num"' : ''}>${esc(h.label ?? h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(row => `<tr>${row.map((cell, i) => `<td${headers[i].num ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`).join('')
    || `<tr><td colspan="${headers.length}" class="muted">Nothing in this period.</td></tr>`}</tbody></table>`;
}

export function minutes(ms) {
  return ms == null ? '–' : (ms / 60000).toFixed(1);
}
