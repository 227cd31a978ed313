import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { IRIS_FEATURES } from './iris-features';
import { MODEL_CARD_FILE, ModelCard } from './model-card';
import { ModelLoadError } from './model-load.error';

export interface ModelFiles {
  card: ModelCard;
  onnx: Buffer;
}

async function readOrFail(modelDir: string, file: string): Promise<Buffer> {
  try {
    return await readFile(join(modelDir, file));
  } catch (error) {
    throw new ModelLoadError(
      modelDir,
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
  }
}

function parseCard(modelDir: string, text: string): ModelCard {
  let card: ModelCard;
  try {
    card = JSON.parse(text) as ModelCard;
  } catch (error) {
    throw new ModelLoadError(modelDir, `${MODEL_CARD_FILE} is not valid JSON (${(error as Error).message})`);
  }
  const featureOrder = IRIS_FEATURES.map((feature) => feature.name).join(',');
  if (typeof card?.onnx?.file !== 'string' || typeof card.onnx.sha256 !== 'string') {
    throw new ModelLoadError(modelDir, `${MODEL_CARD_FILE} lacks onnx.file or onnx.sha256`);
  }
  if (card.features?.map((feature) => feature.name).join(',') !== featureOrder) {
    throw new ModelLoadError(modelDir, `${MODEL_CARD_FILE} features must be ${featureOrder} in that order`);
  }
  if (!Array.isArray(card.classes) || card.classes.length === 0) {
    throw new ModelLoadError(modelDir, `${MODEL_CARD_FILE} lacks the class names`);
  }
  return card;
}

/** Reads the card and the exact ONNX bytes it vouches for (sha256-checked; the session is built from these bytes). */
export async function readModelFiles(modelDir: string): Promise<ModelFiles> {
  const card = parseCard(modelDir, (await readOrFail(modelDir, MODEL_CARD_FILE)).toString('utf8'));
  const onnx = await readOrFail(modelDir, card.onnx.file);
  const sha256 = createHash('sha256').update(onnx).digest('hex');
  if (sha256 !== card.onnx.sha256) {
    throw new ModelLoadError(
      modelDir,
      `${card.onnx.file} has sha256 ${sha256} but ${MODEL_CARD_FILE} expects ${card.onnx.sha256} (corrupt or replaced file)`,
    );
  }
  return { card, onnx };
}
