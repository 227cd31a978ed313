import { ModelCard } from '../inference/model-card';

/** Card datatypes (numpy names) as Open Inference Protocol tensor datatypes. */
const V2_DATATYPES: Record<string, string> = { float32: 'FP32', int64: 'INT64' };

export interface V2Tensor {
  name: string;
  datatype: string;
  shape: number[];
}

function toV2Tensor(tensor: ModelCard['onnx']['inputs'][number]): V2Tensor {
  return {
    name: tensor.name,
    datatype: V2_DATATYPES[tensor.datatype] ?? tensor.datatype.toUpperCase(),
    shape: tensor.shape.map((dimension) => (typeof dimension === 'number' ? dimension : -1)),
  };
}

export function v2ModelMetadata(card: ModelCard) {
  return {
    name: card.name,
    versions: [card.version],
    platform: 'onnxruntime_onnx',
    inputs: card.onnx.inputs.map(toV2Tensor),
    outputs: card.onnx.outputs.map(toV2Tensor),
  };
}
