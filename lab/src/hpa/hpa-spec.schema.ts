// JSON schema of the autoscaling/v2 HPA spec the lab's controller understands: the manifest reader and
// `lab hpa explain` both validate with it, so a typo gets the same message wherever it is written.
// Field names and enums are Kubernetes'; metric types other than Resource (cpu, memory) are refused because
// the lab has no custom or external metrics API.

const integer = (minimum: number) => ({ type: 'integer', minimum });

const scalingRules = {
  type: 'object',
  additionalProperties: false,
  properties: {
    stabilizationWindowSeconds: { type: 'integer', minimum: 0, maximum: 3600 },
    selectPolicy: { enum: ['Max', 'Min', 'Disabled'] },
    policies: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'value', 'periodSeconds'],
        properties: {
          type: { enum: ['Pods', 'Percent'] },
          value: integer(1),
          periodSeconds: { type: 'integer', minimum: 1, maximum: 1800 },
        },
      },
    },
    tolerance: { 'x-quantity': true },
  },
};

export const hpaSpecSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['scaleTargetRef', 'maxReplicas'],
  properties: {
    scaleTargetRef: {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'name'],
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string', minLength: 1 },
        name: { type: 'string', minLength: 1 },
      },
    },
    minReplicas: integer(0),
    maxReplicas: integer(1),
    metrics: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['type', 'resource'],
        properties: {
          type: { enum: ['Resource'] },
          resource: {
            type: 'object',
            additionalProperties: false,
            required: ['name', 'target'],
            properties: {
              name: { enum: ['cpu', 'memory'] },
              target: {
                type: 'object',
                additionalProperties: false,
                required: ['type'],
                properties: {
                  type: { enum: ['Utilization', 'AverageValue'] },
                  averageUtilization: integer(1),
                  averageValue: { 'x-quantity': true },
                },
                if: { properties: { type: { const: 'Utilization' } } },
                then: { required: ['averageUtilization'] },
                else: { required: ['averageValue'] },
              },
            },
          },
        },
      },
    },
    behavior: {
      type: 'object',
      additionalProperties: false,
      properties: { scaleUp: scalingRules, scaleDown: scalingRules },
    },
  },
} as const;
