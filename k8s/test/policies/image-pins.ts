// Every image names a version: a tag other than `latest`, or a digest. An untagged image means `latest`, and
// `latest` means a different program after every pull.
import { containersOf, describeObject, K8sObject } from '../support/manifests';

export function imagePinViolation(image: string): string | undefined {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const lastSlash = image.lastIndexOf('/');
  const tagSeparator = image.lastIndexOf(':');
  if (tagSeparator <= lastSlash) return 'has no tag';
  return image.slice(tagSeparator + 1) === 'latest' ? 'uses the latest tag' : undefined;
}

export function imagePinViolations(objects: K8sObject[]): string[] {
  return objects.flatMap((object) =>
    containersOf(object).flatMap((container) => {
      const problem = container.image ? imagePinViolation(container.image) : 'has no image';
      return problem
        ? [`${describeObject(object)} container ${container.name}: image ${container.image ?? ''} ${problem}`]
        : [];
    }),
  );
}
