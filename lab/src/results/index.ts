// The results folder API: layout, record types, the writer every runner uses and the Locust CSV codec.
export * from './results.types';
export * from './results-layout';
export * from './results-writer';
export * from './machine-info';
export * from './locust/locust-csv.types';
export * from './locust/locust-csv-columns';
export * from './locust/locust-csv-writer';
export * from './locust/locust-csv-reader';
export * from './locust/locust-stats';
export * from './span-aggregator';
export * from './results-reader';
export * from './run-meta';
export * from './failures/failure-class';
