// The resource every span carries: SDK defaults, then `service.name=iris-service`, then what
// OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME say (the later source wins).
import {
  defaultResource,
  detectResources,
  envDetector,
  resourceFromAttributes,
  type Resource,
} from '@opentelemetry/resources';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

export const DEFAULT_SERVICE_NAME = 'iris-service';

export function serviceResource(): Resource {
  return defaultResource()
    .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: DEFAULT_SERVICE_NAME }))
    .merge(detectResources({ detectors: [envDetector] }));
}
