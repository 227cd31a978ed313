// Headers of Locust 2.x's CSV files, in Locust's column order (locust/stats.py StatsCSV).

export const LOCUST_PERCENTILE_FRACTIONS = [0.5, 0.66, 0.75, 0.8, 0.9, 0.95, 0.98, 0.99, 0.999, 0.9999, 1.0];

/** `0.999` → `99.9%`, as Locust's get_readable_percentiles. */
export const LOCUST_PERCENTILE_COLUMNS = LOCUST_PERCENTILE_FRACTIONS.map(
  (fraction) => `${Number((fraction * 100).toFixed(6))}%`,
);

export const LOCUST_STATS_COLUMNS = [
  'Type',
  'Name',
  'Request Count',
  'Failure Count',
  'Median Response Time',
  'Average Response Time',
  'Min Response Time',
  'Max Response Time',
  'Average Content Size',
  'Requests/s',
  'Failures/s',
  ...LOCUST_PERCENTILE_COLUMNS,
];

export const LOCUST_HISTORY_COLUMNS = [
  'Timestamp',
  'User Count',
  'Type',
  'Name',
  'Requests/s',
  'Failures/s',
  ...LOCUST_PERCENTILE_COLUMNS,
  'Total Request Count',
  'Total Failure Count',
  'Total Median Response Time',
  'Total Average Response Time',
  'Total Min Response Time',
  'Total Max Response Time',
  'Total Average Content Size',
];

export const LOCUST_FAILURES_COLUMNS = ['Method', 'Name', 'Error', 'Occurrences'];
