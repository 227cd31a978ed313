import assert from 'node:assert/strict';
import { describe, it } from '@jest/globals';
import { brokenApp, compliantApp } from '../support/compliant-app';
import { imagePinViolation, imagePinViolations } from './image-pins';

describe('imagePinViolations', () => {
  it('accepts tagged and digest-pinned images, registry ports included', () => {
    assert.deepEqual(imagePinViolations(compliantApp()), []);
    assert.equal(imagePinViolation('localhost:5001/iris-service:dev'), undefined);
    assert.equal(imagePinViolation(`kindest/node@sha256:${'a'.repeat(64)}`), undefined);
  });

  it('reports an untagged image, even behind a registry port', () => {
    const objects = brokenApp(({ container }) => {
      container.image = 'localhost:5001/web';
    });
    assert.deepEqual(imagePinViolations(objects), [
      'Deployment lab/web container web: image localhost:5001/web has no tag',
    ]);
  });

  it('reports the latest tag', () => {
    const objects = brokenApp(({ container }) => {
      container.image = 'registry.example/web:latest';
    });
    assert.deepEqual(imagePinViolations(objects), [
      'Deployment lab/web container web: image registry.example/web:latest uses the latest tag',
    ]);
  });
});
