/** The parts of service/model/model-card.json the service relies on. */
export interface ModelCard {
  name: string;
  version: string;
  features: { name: string; unit: string; accepted_range: { min: number; max: number } }[];
  classes: string[];
  onnx: {
    file: string;
    sha256: string;
    inputs: { name: string; datatype: string; shape: (number | string)[] }[];
    outputs: { name: string; datatype: string; shape: (number | string)[] }[];
  };
  [field: string]: unknown;
}

export const MODEL_CARD_FILE = 'model-card.json';
export const MODEL_INPUT = 'input';
export const MODEL_OUTPUTS = { probabilities: 'probabilities', label: 'label' } as const;
