// Jest's node environment, with the host's typed-array classes: onnxruntime-node's native binding returns
// Float32Array/BigInt64Array of Node's own realm, and onnxruntime-common checks `instanceof` against the test's,
// which in Jest's separate vm context are different classes ("a float32 tensor's data must be type of Float32Array").
const { TestEnvironment } = require('jest-environment-node');

const TYPED_ARRAYS = [
  'ArrayBuffer',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class HostTypedArraysEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of TYPED_ARRAYS) this.global[name] = globalThis[name];
  }
}

module.exports = HostTypedArraysEnvironment;
