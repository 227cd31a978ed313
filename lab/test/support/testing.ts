// The lab's `./testing` entry (`@iris-lab/lab/testing`, package.json `exports`): the stand-ins other workspaces'
// tests may use — the OTLP receiver (a collector that keeps spans), the TCP balancer (a kube-proxy-like Service),
// the instant stand-in iris Service and a free loopback port (also a port nothing listens on). It lives in test/ so the shipped src/ never depends on test fixtures.
export {
  OtlpTraceReceiver,
  type Attributes,
  type AttributeValue,
  type OtlpReceiverOptions,
  type ReceivedSpan,
  type SpanKindName,
  type SpanListener,
} from '../../src/traces/otlp-receiver';
export {
  TcpBalancer,
  type BalancingMode,
  type Endpoint,
  type EndpointCounters,
} from '../../src/targets/local/balancer/tcp-balancer';
export { freePort } from '../../src/targets/local/pods/free-port';
export { startInstantIris } from './instant-iris';
