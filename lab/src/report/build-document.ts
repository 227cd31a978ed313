// ReportModel → ReportDocument: the report's sections, in the order a reader needs them.
import { SPAN_NAMES } from '@iris-lab/service/contracts';
import { RESULTS_FILES } from '../results/results-layout';
import type { RunProfile } from '../results/results.types';
import type { Chart } from './charts';
import {
  DASH,
  formatBytes,
  formatCount,
  formatFailures,
  formatMs,
  formatPercent,
  formatRate,
  formatResourceAmounts,
  formatSeconds,
} from './format';
import { hpaSpecFields } from '../results/hpa-spec-fields';
import {
  classifyFailure,
  FAILURE_CLASS_MEANINGS,
  FAILURE_CLASSES,
  totalFailures,
} from '../results/failures/failure-class';
import { EMBEDDED_DIFFERENCES } from './kubernetes-differences';
import type { Block, ReportDocument } from './report-document';
import type { ReportModel } from './report-model';

const SEVERITY_LABEL = { bottleneck: 'Bottleneck', warning: 'Warning', info: 'Note' } as const;
const DECISION_ROWS_SHOWN = 40;

const at = (seconds: number): string => `${Math.round(seconds)} s`;
const percentValue = (value: number | null): string => (value === null ? DASH : `${Math.round(value)}%`);

/** Labels and values of the Results table; checkReportConsistency reads the same labels back. */
export const RESULT_LABELS = {
  users: 'Users (peak)',
  duration: 'Run duration (start to stop)',
  requests: 'Requests',
  failures: 'Failures',
  throughput: 'Throughput (req/s)',
  median: 'Median latency',
  p95: 'P95 latency',
  p99: 'P99 latency',
  max: 'Max latency',
  pods: 'Pods ready (start → max)',
  cpu: 'Peak CPU utilization (target)',
  firstScaleUp: 'First scale-up at',
  scaleUpLag: 'Scale-up lag',
} as const;

function describeRun(model: ReportModel): string {
  const { meta } = model.results;
  const { profile, hpa, modelCost } = meta;
  const spec = hpaSpecFields(hpa.spec);
  return (
    `Profile ${profile.id}${profile.description ? ` (${profile.description})` : ''}: ${describeLoad(profile.load)}, ` +
    `load generator ${meta.load.kind}${meta.load.version ? ` ${meta.load.version}` : ''}` +
    `${meta.load.runtime ? ` ${meta.load.runtime}` : ''}. ` +
    `Target ${meta.target}. HPA ${hpa.variant} (min ${spec.minReplicas}, max ${spec.maxReplicas}, ` +
    `CPU target ${spec.cpuTarget === null ? DASH : `${spec.cpuTarget}%`}). ` +
    `Model cost ${modelCost.modelCostMs} ms of CPU work per predicted row (${modelCost.source}). ` +
    describeConditions(meta) +
    `Run ${meta.status}, started ${meta.startedAt}${meta.endedAt ? `, ended ${meta.endedAt}` : ''}.`
  );
}

function describeLoad(load: RunProfile['load']): string {
  if (load.kind === 'fixed-count') return `${load.requests} requests with ${load.workers} workers`;
  if (load.stages.length > 1)
    return load.stages
      .map((stage) => `${stage.users} users at ${stage.spawnRate}/s for ${stage.durationSeconds} s`)
      .join(', then ');
  const [stage] = load.stages;
  return `${stage.users} users spawned at ${stage.spawnRate}/s for ${stage.durationSeconds} s`;
}

/** The conditions sentence of the header (none for results written before conditions existed). */
function describeConditions(meta: ReportModel['results']['meta']): string {
  const { conditions, podResources } = meta;
  if (!conditions) return '';
  const probes = Object.entries(conditions.probes).map(
    ([name, timings]) =>
      `${name} ${Object.entries(timings)
        .map(([field, value]) => `${field} ${value}`)
        .join(', ')}`,
  );
  return (
    `Conditions ${conditions.id} (${conditions.description}): pods request ${formatResourceAmounts(podResources?.requests ?? {})}, ` +
    `limits ${formatResourceAmounts(podResources?.limits ?? {})}; start-up delay ${conditions.startupDelayMs / 1000} s` +
    `${probes.length ? `; ${probes.join('; ')}` : ''}; client timeout ${conditions.clientTimeoutSeconds} s` +
    `${keepAliveClause(conditions.maxRequestsPerSocket)}. `
  );
}

function keepAliveClause(maxRequestsPerSocket: number | undefined): string {
  if (maxRequestsPerSocket === undefined) return '';
  return maxRequestsPerSocket === 0
    ? '; the service never closes a keep-alive connection (clients stay on their pod)'
    : `; the service closes each keep-alive connection after ${maxRequestsPerSocket} requests`;
}

function resultsTable(model: ReportModel): Block {
  const s = model.summary;
  const lag = s.scaleUpLag;
  const rows: [string, string][] = [
    [RESULT_LABELS.users, formatCount(s.peakUsers)],
    [RESULT_LABELS.duration, formatSeconds(s.durationSeconds)],
    [RESULT_LABELS.requests, formatCount(s.requests)],
    [RESULT_LABELS.failures, formatFailures(s.failures, s.failureRatio)],
    [RESULT_LABELS.throughput, formatRate(s.throughputRps)],
    [RESULT_LABELS.median, formatMs(s.medianMs)],
    [RESULT_LABELS.p95, formatMs(s.p95Ms)],
    [RESULT_LABELS.p99, formatMs(s.p99Ms)],
    [RESULT_LABELS.max, formatMs(s.maxMs)],
    [
      RESULT_LABELS.pods,
      `${formatCount(s.startPods)} → ${formatCount(s.maxPodsReady)} (HPA ${s.minReplicas}–${s.maxReplicas})`,
    ],
    [RESULT_LABELS.cpu, `${percentValue(s.peakCpuUtilization)} (${percentValue(s.cpuTarget)})`],
    [RESULT_LABELS.firstScaleUp, s.firstScaleUpSeconds === null ? 'never' : at(s.firstScaleUpSeconds)],
    [
      RESULT_LABELS.scaleUpLag,
      lag === null
        ? 'never over target'
        : lag.lagSeconds === null
          ? 'no new pod ready'
          : `${at(lag.lagSeconds)} first new pod` +
            (lag.scaledTo === null || lag.allReadyLagSeconds === null
              ? ''
              : `, ${at(lag.allReadyLagSeconds)} all ${lag.scaledTo}`),
    ],
  ];
  return { kind: 'table', columns: ['Metric', 'Value'], rows, numeric: [false, true] };
}

function spanBlocks(model: ReportModel): Block[] {
  const spans = model.spans;
  const heading: Block = { kind: 'heading', level: 2, text: 'Where the time goes (traces)' };
  if (!spans)
    return [heading, { kind: 'paragraph', text: 'No span summary in this run (see Missing parts).' }];
  const blocks: Block[] = [
    heading,
    {
      kind: 'table',
      columns: ['Span', 'Kind', 'Count', 'p50', 'p95', 'p99', 'Mean', 'Share of request time'],
      numeric: [false, false, true, true, true, true, true, true],
      rows: spans.rows.map((row) => [
        row.name,
        row.kind,
        formatCount(row.count),
        formatMs(row.p50Ms),
        formatMs(row.p95Ms),
        formatMs(row.p99Ms),
        formatMs(row.meanMs),
        formatPercent(row.share),
      ]),
    },
  ];
  const notes = [
    `Share of request time = total time in spans of that name ÷ total time of the ${formatCount(spans.requestRootSpans)} ` +
      `POST request root spans.`,
    spans.outsidePredictionShare === null
      ? ''
      : `${formatPercent(spans.outsidePredictionShare)} of request time is outside ${SPAN_NAMES.predictionRequest} ` +
        `(HTTP framework, validation, serialization, tracing itself).`,
    `Spans: ${formatCount(spans.receivedSpans)} received from ${spans.source}` +
      `${spans.sampling ? ` (sampling ${spans.sampling})` : ''}, dropped before arrival: ` +
      `${spans.droppedSpans === null ? 'unknown' : formatCount(spans.droppedSpans)}` +
      `${spans.locustPostRequests === null ? '' : `; Locust sent ${formatCount(spans.locustPostRequests)} POST requests`}` +
      `${spans.expectedRootSpans === null || spans.samplingRatio === 1 ? '' : `, so about ${formatCount(spans.expectedRootSpans)} traced ones are expected`}.`,
  ].filter(Boolean);
  return [...blocks, { kind: 'paragraph', text: notes.join(' ') }];
}

function endpointTable(model: ReportModel): Block {
  return {
    kind: 'table',
    columns: ['Type', 'Name', 'Requests', 'Failures', 'Median', 'p95', 'p99', 'Average', 'Max', 'req/s'],
    numeric: [false, false, true, true, true, true, true, true, true, true],
    rows: model.endpoints.map((row) => [
      row.type,
      row.name,
      formatCount(row.requestCount),
      formatCount(row.failureCount),
      formatMs(row.medianResponseTime),
      formatMs(row.percentiles['95%'] ?? null),
      formatMs(row.percentiles['99%'] ?? null),
      formatMs(row.averageResponseTime),
      formatMs(row.maxResponseTime),
      formatRate(row.requestsPerSecond),
    ]),
  };
}

/** Failures by class (the verdict's classes), then Locust's own error table with each row's class. */
function failureBlocks(model: ReportModel): Block[] {
  if (model.failures.length === 0) return [{ kind: 'paragraph', text: 'No failures.' }];
  const totals = model.summary.failureClasses;
  const total = totalFailures(totals);
  return [
    {
      kind: 'table',
      columns: ['Class', 'Failures', 'Share', 'What it means'],
      numeric: [false, true, true, false],
      rows: FAILURE_CLASSES.filter((c) => (totals[c] ?? 0) > 0).map((c) => [
        c,
        formatCount(totals[c] ?? 0),
        formatPercent((totals[c] ?? 0) / total),
        FAILURE_CLASS_MEANINGS[c],
      ]),
    },
    {
      kind: 'table',
      columns: ['Method', 'Name', 'Error', 'Class', 'Occurrences'],
      numeric: [false, false, false, false, true],
      rows: model.failures.map((row) => [
        row.method,
        row.name,
        row.error,
        classifyFailure(row.error),
        formatCount(row.occurrences),
      ]),
    },
  ];
}

function decisionBlocks(model: ReportModel): Block[] {
  const shown = model.decisions.slice(0, DECISION_ROWS_SHOWN);
  return [
    { kind: 'heading', level: 2, text: 'HPA decisions' },
    {
      kind: 'paragraph',
      text:
        model.decisionsTotal === 0
          ? 'No HPA decisions were recorded.'
          : model.decisions.length === model.decisionsTotal
            ? `${model.decisionsTotal} syncs, every one shown with the steps that led to its result.`
            : `${model.decisionsTotal} syncs; the ${model.decisions.length} that changed or wanted to change the ` +
              `replica count or were limited are shown${model.decisions.length > shown.length ? ` (first ${shown.length})` : ''}.`,
    },
    ...(shown.length === 0
      ? []
      : [
          {
            kind: 'table',
            columns: [
              't',
              'Replicas',
              'Metrics (current/target → replicas)',
              'Reason',
              'Limited by',
              'Steps',
            ],
            numeric: [true, false, false, false, false, false],
            foldLabel: 'HPA decisions',
            rows: shown.map((decision) => [
              at(decision.elapsedSeconds),
              `${decision.currentReplicas} → ${decision.desiredReplicas}`,
              (decision.proposals ?? [])
                .map(
                  (proposal) =>
                    `${proposal.metric} ${percentValue(proposal.utilization)}/${percentValue(proposal.target)} → ${proposal.replicas}`,
                )
                .join('; ') || DASH,
              decision.reason ?? DASH,
              decision.limitedBy ?? DASH,
              decision.steps.join(' → '),
            ]),
          } satisfies Block,
        ]),
  ];
}

function scaleEventTable(model: ReportModel): Block {
  return {
    kind: 'table',
    columns: ['t', 'Event', 'Replicas', 'Pod', 'Source', 'Message'],
    numeric: [true, false, false, false, false, false],
    foldLabel: 'Scale events',
    rows: model.scaleEvents.map((event) => [
      at(event.elapsedSeconds),
      event.kind,
      event.from === undefined && event.to === undefined
        ? DASH
        : `${event.from ?? DASH} → ${event.to ?? DASH}`,
      event.pod ?? DASH,
      event.source,
      event.message,
    ]),
  };
}

function throttlingBlocks(model: ReportModel): Block[] {
  if (model.throttling.length === 0) return [];
  const limit = model.results.meta.podResources?.limits?.cpuMillicores;
  return [
    { kind: 'heading', level: 3, text: 'CPU throttling' },
    {
      kind: 'paragraph',
      text:
        `Each pod's CFS counters${limit === undefined ? '' : ` at its ${limit}m CPU limit`}, since it started (as cAdvisor's ` +
        'container_cpu_cfs_*): a throttled period is one in which the pod used its quota and waited for the next.',
    },
    {
      kind: 'table',
      columns: ['Pod', 'CFS periods', 'Throttled periods', 'Throttled share', 'Throttled time'],
      numeric: [false, true, true, true, true],
      rows: model.throttling.map((pod) => [
        pod.pod,
        formatCount(pod.periods),
        formatCount(pod.throttledPeriods),
        formatPercent(pod.periods > 0 ? pod.throttledPeriods / pod.periods : null),
        `${pod.throttledSeconds.toFixed(1)} s`,
      ]),
    },
  ];
}

function machineBlocks(model: ReportModel): Block[] {
  const { machine, podResources, cluster, hpa, notes } = model.results.meta;
  const rows: [string, string][] = [
    ['CPU', `${machine.cpuModel} × ${machine.cores} cores`],
    ['Memory', formatBytes(machine.memoryBytes)],
    ['OS', machine.os],
    ['Node.js', machine.nodeVersion],
  ];
  if (machine.hostname) rows.push(['Host', machine.hostname]);
  if (podResources?.requests) rows.push(['Pod requests', formatResourceAmounts(podResources.requests)]);
  if (podResources?.limits) rows.push(['Pod limits', formatResourceAmounts(podResources.limits)]);
  if (cluster)
    rows.push([
      'Cluster',
      `${cluster.context} / ${cluster.namespace}${cluster.serverVersion ? ` (${cluster.serverVersion})` : ''}`,
    ]);
  return [
    { kind: 'heading', level: 2, text: 'Machine and settings' },
    { kind: 'table', columns: ['Setting', 'Value'], rows },
    { kind: 'paragraph', text: `HPA spec (${hpa.variant}) as applied:` },
    { kind: 'code', text: JSON.stringify(hpa.spec, null, 2) },
    ...(notes?.length ? [{ kind: 'list', items: notes.map((text) => ({ text })) } satisfies Block] : []),
  ];
}

/** `pngsUnavailable`: why the charts have no PNG copies (null: charts/<id>.png sits beside each SVG). */
export function buildDocument(
  model: ReportModel,
  charts: Chart[],
  pngsUnavailable: string | null,
): ReportDocument {
  const { meta, absentFiles } = model.results;
  const missing = [
    ...meta.missing.map((part) => ({ label: part.part, text: part.reason })),
    ...absentFiles.map((file) => ({ label: file, text: 'not in the results folder' })),
  ];
  const doc: ReportDocument = [
    {
      kind: 'heading',
      level: 1,
      text: `Iris Scaling Lab report: ${meta.profile.id} on ${meta.target} (${meta.runId})`,
    },
    { kind: 'paragraph', text: describeRun(model) },
  ];
  if (missing.length > 0)
    doc.push({ kind: 'heading', level: 2, text: 'Missing parts' }, { kind: 'list', items: missing });
  doc.push(
    { kind: 'heading', level: 2, text: 'Results' },
    resultsTable(model),
    { kind: 'heading', level: 2, text: 'Verdict' },
    model.findings.length === 0
      ? { kind: 'paragraph', text: 'No rule found a bottleneck in this run.' }
      : {
          kind: 'list',
          items: model.findings.map((finding) => ({
            label: SEVERITY_LABEL[finding.severity],
            text: finding.text,
          })),
        },
    { kind: 'heading', level: 2, text: 'Timeline' },
    {
      kind: 'paragraph',
      text: 'One time axis (seconds since the run started); dashed vertical lines mark scale events (↑/↓ new replica count), red lines the faults played (⚡ kind at the start, dotted at the end).',
    },
    ...(pngsUnavailable === null
      ? []
      : [
          {
            kind: 'paragraph',
            text: `PNG copies of the charts are unavailable: ${pngsUnavailable}.`,
          } satisfies Block,
        ]),
    ...charts.map(({ id, title, alt, svg }): Block => ({
      kind: 'chart',
      title,
      alt,
      svg,
      file: `${RESULTS_FILES.chartsDir}/${id}.svg`,
      ...(pngsUnavailable === null ? { png: `${RESULTS_FILES.chartsDir}/${id}.png` } : {}),
    })),
    ...throttlingBlocks(model),
    { kind: 'heading', level: 3, text: 'Scale events' },
    model.scaleEvents.length === 0 ? { kind: 'paragraph', text: 'No scale events.' } : scaleEventTable(model),
    ...spanBlocks(model),
    { kind: 'heading', level: 2, text: 'Requests by endpoint' },
    endpointTable(model),
    { kind: 'heading', level: 2, text: 'Failures' },
    ...failureBlocks(model),
    ...decisionBlocks(model),
    ...machineBlocks(model),
  );
  if (meta.target === 'local') {
    doc.push(
      { kind: 'heading', level: 2, text: 'How this differs from Kubernetes' },
      { kind: 'list', items: EMBEDDED_DIFFERENCES.map((text) => ({ text })) },
    );
  }
  return doc;
}
