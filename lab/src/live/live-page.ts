// The live view's page: a document carrying the server's fault token, and its script, served by live-server.ts.
// The script opens the event stream, writes every number with textContent (nothing from the run is parsed as
// HTML), draws the report's charts with echarts' browser build from the same options the report renders
// (report/chart-options.ts) and posts the fault forms. Kept as text here so the compiled lab carries it; it is
// plain browser JavaScript, no build step.
import { LIVE_FAULT_PATH, LIVE_TOKEN_HEADER } from './live-fault-route';

/** The page, with the token its fault POSTs carry (hex: nothing to escape). */
export const livePageHtml = (token: string): string => `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="live-token" content="${token}">
<title>Iris Scaling Lab: live run</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:1rem auto;max-width:1240px;padding:0 1rem;color:#222}
h1{font-size:1.3rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1rem 0 .3rem;border-bottom:1px solid #ddd}
.tiles{display:flex;flex-wrap:wrap;gap:.5rem}.tile{border:1px solid #ddd;border-radius:6px;padding:.4rem .7rem;min-width:7rem}
.tile b{display:block;font-size:1.35rem}.tile span{color:#666;font-size:.85em}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}.chart{width:100%;height:240px}
table{border-collapse:collapse}th,td{border:1px solid #ddd;padding:.15rem .45rem;text-align:left}td.num{text-align:right}
ol,ul{margin:.2rem 0;padding-left:1.2rem;max-height:16rem;overflow:auto}
#status{font-weight:600}#report a{font-weight:600;font-size:1.1rem}.over{color:#b00}
#fault-forms{display:flex;flex-wrap:wrap;gap:.4rem}#fault-forms form{border:1px solid #ddd;border-radius:6px;padding:.25rem .4rem}
#fault-forms input{width:4.5rem;margin-left:.25rem}#fault-outcome{font-weight:600}
</style>
</head>
<body>
<h1>Live run <span id="run-id"></span></h1>
<p><span id="run-what"></span> · status <span id="status">starting</span> · <span id="elapsed">0</span> s of <span id="planned">?</span> s</p>
<p id="report" hidden>The run is over: <a id="report-link" href="/report">open the report</a></p>
<div class="tiles">
<div class="tile"><span>users</span><b id="users">–</b></div>
<div class="tile"><span>req/s</span><b id="rps">–</b></div>
<div class="tile"><span>p50 / p95 / p99 ms</span><b id="latency">–</b></div>
<div class="tile"><span>failures/s (total)</span><b id="failures">–</b></div>
<div class="tile"><span>pods ready / desired</span><b id="pods">–</b></div>
<div class="tile"><span>CPU % of request / target</span><b id="cpu">–</b></div>
</div>
<section id="faults" hidden><h2>Faults</h2>
<p id="fault-state"></p>
<div id="fault-forms"></div>
<p id="fault-outcome" role="status"></p>
</section>
<div class="cols" id="charts"></div>
<div class="cols">
<div><h2>Pods: CPU against the target</h2><table><thead><tr><th>pod</th><th>phase</th><th>ready</th><th>CPU m</th><th>% of request</th></tr></thead><tbody id="pod-rows"></tbody></table>
<h2>Failures by class</h2><table><thead><tr><th>class</th><th>failures</th></tr></thead><tbody id="failure-rows"></tbody></table>
<h2>Model-cost plan</h2><ul id="plan"></ul></div>
<div><h2>HPA decisions (latest first)</h2><ol id="decisions" reversed></ol>
<h2>Scale, pod and fault events (latest first)</h2><ol id="events" reversed></ol></div>
</div>
<script src="/echarts.js"></script>
<script src="/chart-options.js"></script>
<script src="/live.js"></script>
</body>
</html>
`;

export const LIVE_PAGE_SCRIPT = `'use strict';
(function () {
  var charts = {};
  function text(id, value) { document.getElementById(id).textContent = value; }
  function num(value, digits) { return value === null || value === undefined ? '–' : Number(value).toFixed(digits || 0); }
  function rows(id, cells) {
    var body = document.getElementById(id);
    body.replaceChildren.apply(body, cells.map(function (row) {
      var tr = document.createElement('tr');
      row.forEach(function (cell) {
        var td = document.createElement('td');
        td.textContent = cell.text;
        if (cell.className) td.className = cell.className;
        tr.appendChild(td);
      });
      return tr;
    }));
  }
  function items(id, lines) {
    var list = document.getElementById(id);
    list.replaceChildren.apply(list, lines.map(function (line) {
      var li = document.createElement('li');
      li.textContent = line;
      return li;
    }));
  }
  function drawCharts(input) {
    var container = document.getElementById('charts');
    window.reportChartOptions.reportChartOptions(input).forEach(function (spec) {
      if (!charts[spec.id]) {
        var figure = document.createElement('figure');
        figure.setAttribute('aria-label', spec.alt);
        var caption = document.createElement('figcaption');
        caption.textContent = spec.title;
        var div = document.createElement('div');
        div.className = 'chart';
        div.id = 'chart-' + spec.id;
        figure.append(caption, div);
        container.appendChild(figure);
        charts[spec.id] = window.echarts.init(div, null, { renderer: 'svg' });
      }
      charts[spec.id].setOption(spec.option, { notMerge: true });
    });
  }
  function show(view) {
    var run = view.run, now = view.now;
    if (run) {
      text('run-id', run.runId);
      text('run-what', 'profile ' + run.profileId + ' on ' + run.target + ', HPA ' + run.hpa.variant);
      text('planned', num(run.plannedSeconds));
      items('plan', run.planLines);
    }
    text('status', view.status);
    text('elapsed', num(view.elapsedSeconds));
    text('users', num(now.users));
    text('rps', num(now.requestsPerSecond, 1));
    text('latency', num(now.p50Ms) + ' / ' + num(now.p95Ms) + ' / ' + num(now.p99Ms));
    text('failures', num(now.failuresPerSecond, 1) + ' (' + num(now.totalFailures) + ')');
    text('pods', num(now.podsReady) + ' / ' + num(now.podsDesired));
    text('cpu', num(now.cpuUtilization) + ' / ' + num(now.cpuTarget));
    rows('pod-rows', view.pods.map(function (pod) {
      var over = pod.utilization !== null && now.cpuTarget !== null && pod.utilization > now.cpuTarget;
      return [{ text: pod.name }, { text: pod.phase }, { text: pod.ready ? 'yes' : 'no' },
        { text: num(pod.cpuMillicores), className: 'num' },
        { text: num(pod.utilization) + (now.cpuTarget !== null ? ' / ' + now.cpuTarget : ''), className: over ? 'num over' : 'num' }];
    }));
    var classes = Object.keys(view.failuresByClass);
    rows('failure-rows', classes.length ? classes.map(function (name) {
      return [{ text: name }, { text: String(view.failuresByClass[name]), className: 'num' }];
    }) : [[{ text: 'none recorded' }, { text: '' }]]);
    items('decisions', view.decisions.slice().reverse().map(function (d) { return d.t.toFixed(0) + ' s  ' + d.line; }));
    items('events', view.events.slice().reverse().map(function (e) { return e.t.toFixed(0) + ' s  ' + e.kind + ': ' + e.message; }));
    drawCharts(view.charts);
    showFaults(view.faults);
    if (view.reportReady) document.getElementById('report').hidden = false;
  }
  var token = document.querySelector('meta[name="live-token"]').getAttribute('content');
  var faultForms = null;
  function field(form, name, value, title) {
    var input = document.createElement('input');
    input.name = name;
    input.value = value;
    input.title = title;
    input.setAttribute('aria-label', form.kind + ' ' + name);
    return input;
  }
  function faultOutcome(line, refused) {
    var outcome = document.getElementById('fault-outcome');
    outcome.textContent = line;
    outcome.className = refused ? 'over' : '';
  }
  function sendFault(spec) {
    faultOutcome(spec + ': sending…', false);
    var headers = { 'content-type': 'application/json' };
    headers['${LIVE_TOKEN_HEADER}'] = token;
    fetch('${LIVE_FAULT_PATH}', { method: 'POST', headers: headers, body: JSON.stringify({ spec: spec }) })
      .then(function (response) {
        return response.json().then(function (body) {
          if (response.ok) faultOutcome(spec + ': ' + body.message, false);
          else faultOutcome(spec + ' refused (HTTP ' + response.status + '): ' + body.error, true);
        });
      })
      .catch(function (error) { faultOutcome(spec + ': ' + error, true); });
  }
  // One form per kind the target plays: the spec is <kind>[:<argument>][+<duration>], played at once.
  function buildFaultForms(forms) {
    var container = document.getElementById('fault-forms');
    faultForms = forms.map(function (form) {
      var element = document.createElement('form');
      element.id = 'fault-' + form.kind;
      var button = document.createElement('button');
      button.type = 'submit';
      button.textContent = form.kind;
      element.appendChild(button);
      var argument = form.argument && field(form, 'argument', form.argument.sample, form.argument.unit);
      var duration = form.timed && field(form, 'duration', '30s', 'how long it lasts, e.g. 30s or 1m30s');
      if (argument) element.append(':', argument);
      if (duration) element.append(' for', duration);
      element.addEventListener('submit', function (event) {
        event.preventDefault();
        var spec = form.kind + (argument ? ':' + argument.value.trim() : '') +
          (duration && duration.value.trim() ? '+' + duration.value.trim() : '');
        sendFault(spec);
      });
      container.appendChild(element);
      return element;
    });
  }
  function showFaults(faults) {
    if (!faults.forms.length) return;
    if (!faultForms) buildFaultForms(faults.forms);
    document.getElementById('faults').hidden = false;
    text('fault-state', faults.accepting
      ? 'Each button plays its fault at once on the run, as lab fault does; the outcome shows below and in the events.'
      : 'The run has ended: it takes no more faults.');
    faultForms.forEach(function (element) {
      Array.prototype.forEach.call(element.elements, function (control) { control.disabled = !faults.accepting; });
    });
  }
  var source = new EventSource('/events');
  source.onmessage = function (message) {
    var view = JSON.parse(message.data);
    show(view);
    if (view.reportReady) source.close();
  };
  window.addEventListener('resize', function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });
})();
`;
