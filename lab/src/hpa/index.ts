// Public surface of the lab's HPA controller (Kubernetes autoscaling/v2, Resource metrics).
export type * from './controller-types';
export type * from './hpa-api';
export { decideScale } from './decide';
export { DEFAULT_CONTROLLER_OPTIONS } from './defaults';
export { HpaLoop } from './hpa-loop';
export { hpaSpecProblems } from './hpa-spec-validation';
export { cpuUtilizationTarget, resolveReplicaBounds } from './resolve-spec';
export { renderDecision } from './render-decision';
