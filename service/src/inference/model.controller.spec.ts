import assert from 'node:assert/strict';
import { afterAll, beforeAll, describe, it } from '@jest/globals';
import { realModelModule } from '../../test/support/fake-iris-model';
import { MODEL_CARD } from '../../test/support/reference-model';
import { TestApp, appOf, initialised } from '../../test/support/test-app';
import { ModelController } from './model.controller';

describe('ModelController', () => {
  let app: TestApp;

  beforeAll(async () => {
    const { moduleRef } = await realModelModule({}, { controllers: [ModelController] });
    app = await initialised(appOf(moduleRef));
  });
  afterAll(() => app.close());

  it('GET /model answers the committed model card, every field of it (not only those the service reads)', async () => {
    const response = await app.inject({ method: 'GET', url: '/model' });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), MODEL_CARD); // MODEL_CARD: model-card.json parsed, every field
  });
});
