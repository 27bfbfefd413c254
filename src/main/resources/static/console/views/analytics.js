// The three charts of the architecture document per app: instances created, time in each task, related apps.
import { api, attempt, esc } from '../api.js';
import { chart, minutes, table } from './charts.js';
import { onRange, range, rangeControls, rangeQuery } from './range.js';

export async function analyticsView(view) {
  const all = await api(`/analytics/instances?${rangeQuery()}`);
  const apps = all.apps.map(app => app.resource);
  if (!apps.includes(range.resource)) range.resource = apps[0] ?? '';
  view.innerHTML = `<section class="card"><h2>Event analytics</h2>${rangeControls(true)}
    <label>App <select id="app">${apps.map(a => `<option ${a === range.resource ? 'selected' : ''}>${esc(a)}</option>`).join('')
      || '<option value="">no app events in this range</option>'}</select></label></section>
    <div class="grid2">
      <section class="card" aria-labelledby="h-instances"><h2 id="h-instances">Instances created</h2>
        <div class="chart" id="instances-chart" role="img" aria-label="Instances created per period"></div><div id="instances-data"></div></section>
      <section class="card" aria-labelledby="h-tasks"><h2 id="h-tasks">Time in each process task</h2>
        <div class="chart" id="tasks-chart" role="img" aria-label="Median and p90 minutes per task"></div><div id="tasks-data"></div></section>
      <section class="card" aria-labelledby="h-relations"><h2 id="h-relations">Related apps</h2>
        <div class="chart" id="relations-chart" role="img" aria-label="Apps used one after the other by the same party"></div><div id="relations-data"></div></section>
    </div>`;
  onRange(() => attempt(() => analyticsView(view)));
  document.getElementById('app').onchange = event => {
    range.resource = event.target.value;
    attempt(() => charts(range.resource));
  };
  await charts(range.resource);
}

async function charts(resource) {
  const only = resource ? `&resource=${encodeURIComponent(resource)}` : '';
  const [instances, tasks, relations] = await Promise.all([
    api(`/analytics/instances?${rangeQuery()}${only}`),
    api(`/analytics/tasks?${rangeQuery()}${only}`),
    api(`/analytics/relations?window=${range.window}&${rangeQuery().replace(/period=\w+&/, '')}&top=20`)]);

  const series = instances.apps[0]?.buckets ?? [];
  chart(document.getElementById('instances-chart'), {
    xAxis: { type: 'category', data: series.map(b => b.start.slice(0, range.period === 'day' ? 10 : 16)) },
    yAxis: { type: 'value', minInterval: 1 }, series: [{ type: 'bar', name: 'instances', data: series.map(b => b.instances) }]
  });
  document.getElementById('instances-data').innerHTML = `<p>Total: <strong id="instances-total">${instances.apps[0]?.total ?? 0}</strong></p>`
    + table('instances-table', 'Instances per period', ['Start (UTC)', { label: 'Instances', num: true }],
      series.map(b => [esc(b.start), b.instances]));

  const taskList = tasks.apps[0]?.tasks ?? [];
  chart(document.getElementById('tasks-chart'), {
    legend: {}, xAxis: { type: 'category', data: taskList.map(t => t.task) }, yAxis: { type: 'value', name: 'minutes' },
    series: [{ type: 'bar', name: 'median', data: taskList.map(t => +minutes(t.medianMs)) },
      { type: 'bar', name: 'p90', data: taskList.map(t => +minutes(t.p90Ms)) }]
  });
  document.getElementById('tasks-data').innerHTML = table('tasks-table', 'Over the whole range', ['Task',
    { label: 'Count', num: true }, { label: 'Median ms', num: true }, { label: 'p90 ms', num: true }, { label: 'Mean ms', num: true }],
  taskList.map(t => [esc(t.task), t.count, t.medianMs, t.p90Ms, t.meanMs]));

  const pairs = relations.pairs;
  const nodes = [...new Set(pairs.flatMap(p => [p.from, p.to]))];
  chart(document.getElementById('relations-chart'), {
    tooltip: {},
    series: [{
      type: 'graph', layout: 'circular', roam: true, edgeSymbol: ['none', 'arrow'], edgeSymbolSize: 9,
      label: { show: true, formatter: p => p.name.replace('urn:altinn:resource:', '') },
      data: nodes.map(n => ({ name: n, symbolSize: 24 })),
      links: pairs.map(p => ({ source: p.from, target: p.to, value: p.weight, lineStyle: { width: 1 + Math.log2(p.weight), curveness: 0.2 } })),
      edgeLabel: { show: true, formatter: p => String(p.value) }
    }]
  });
  document.getElementById('relations-data').innerHTML = table('relations-table', `Top pairs within ${relations.window}`,
    ['From', 'Then', { label: 'Weight', num: true }], pairs.map(p => [esc(p.from), esc(p.to), p.weight]));
}
