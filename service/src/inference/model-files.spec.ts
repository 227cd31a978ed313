import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, it } from '@jest/globals';
import { IRIS_FEATURES } from './iris-features';
import { ModelCard } from './model-card';
import { readModelFiles } from './model-files';

const MODEL_DIR = resolve(__dirname, '../../model');
const card = JSON.parse(readFileSync(join(MODEL_DIR, 'model-card.json'), 'utf8')) as ModelCard;

function modelCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'iris-model-'));
  copyFileSync(join(MODEL_DIR, 'model-card.json'), join(dir, 'model-card.json'));
  copyFileSync(join(MODEL_DIR, card.onnx.file), join(dir, card.onnx.file));
  return dir;
}

describe('readModelFiles', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const copy = () => {
    const dir = modelCopy();
    dirs.push(dir);
    return dir;
  };

  it('reads the committed card and the ONNX bytes it vouches for', async () => {
    const files = await readModelFiles(MODEL_DIR);

    assert.deepEqual(files.card, card);
    assert.deepEqual(files.onnx, readFileSync(join(MODEL_DIR, card.onnx.file)));
  });

  it('refuses an ONNX file whose sha256 differs from the card', async () => {
    const dir = copy();
    const onnx = readFileSync(join(dir, card.onnx.file));
    onnx[onnx.length - 1] ^= 0xff;
    writeFileSync(join(dir, card.onnx.file), onnx);

    await assert.rejects(readModelFiles(dir), {
      name: 'ModelLoadError',
      message: new RegExp(
        `^cannot load the model from ${dir}: iris.onnx has sha256 [0-9a-f]{64} but model-card.json expects ${card.onnx.sha256} \\(corrupt or replaced file\\)$`,
      ),
    });
  });

  it('names a missing file', async () => {
    const dir = copy();
    rmSync(join(dir, card.onnx.file));

    await assert.rejects(readModelFiles(dir), {
      message: `cannot load the model from ${dir}: cannot read iris.onnx (ENOENT)`,
    });
  });

  it('names a card that is not JSON', async () => {
    const dir = copy();
    writeFileSync(join(dir, 'model-card.json'), '{ not json');

    await assert.rejects(readModelFiles(dir), /model-card.json is not valid JSON/);
  });

  it('accepts exactly the ranges the card documents for each feature', () => {
    assert.deepEqual(
      IRIS_FEATURES.map(({ name, min, max }) => ({ name, min, max })),
      card.features.map(({ name, accepted_range }) => ({ name, ...accepted_range })),
    );
  });
});
