// The resource every span carries: SDK defaults, then service.name `iris-service` and the package version,
// then what OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME say (the later source wins).
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
  type Resource,
} from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import { SERVICE_NAME, SERVICE_VERSION } from '../app/service-info';

export function serviceResource(): Resource {
  return defaultResource()
    .merge(
      resourceFromAttributes({ [ATTR_SERVICE_NAME]: SERVICE_NAME, [ATTR_SERVICE_VERSION]: SERVICE_VERSION }),
    )
    .merge(detectResources({ detectors: [envDetector] }));
}
