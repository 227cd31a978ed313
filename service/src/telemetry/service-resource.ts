// The resource NodeSDK starts from: SDK defaults, then service.name `iris-service` and the package version.
// NodeSDK merges the detected resource over it (OTEL_NODE_RESOURCE_DETECTORS, by default env, process and host;
// the env detector reads OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME), so the environment wins.
import { defaultResource, resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { SERVICE_VERSION } from '../app/service-info';
import { SERVICE_NAME } from '../contracts/telemetry-names';

export function serviceResource(): Resource {
  return defaultResource().merge(
    resourceFromAttributes({ [ATTR_SERVICE_NAME]: SERVICE_NAME, [ATTR_SERVICE_VERSION]: SERVICE_VERSION }),
  );
}
