// Kubernetes resource quantities ("200m", "256Mi", "1.5", "2e3"), parsed exactly like apimachinery's
// resource.Quantity: the grammar below, exact rational arithmetic (BigInt), and MilliValue()/Value() that round
// UP, as Kubernetes does ("0.5m" of CPU is 1 millicore).
//
//   <quantity>        ::= <signedNumber><suffix>
//   <suffix>          ::= <binarySI> | <decimalExponent> | <decimalSI>
//   <binarySI>        ::= Ki | Mi | Gi | Ti | Pi | Ei
//   <decimalSI>       ::= n | u | m | "" | k | M | G | T | P | E
//   <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>
//   <number>          ::= <digits> | <digits>.<digits> | <digits>. | .<digits>

export interface Quantity {
  /** The text as written. */
  text: string;
  /** Value × 1000, rounded up (Kubernetes `MilliValue()`): millicores for cpu. Exact up to 2^53. */
  milliValue: number;
  /** Value rounded up (Kubernetes `Value()`): bytes for memory. Exact up to 2^53. */
  value: number;
  /** The value as a float, for fractions such as a tolerance (Kubernetes `AsApproximateFloat64()`). */
  approximate: number;
}

const QUANTITY_PATTERN = /^([+-]?)(\d+\.?\d*|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+|[numkMGTPE]?)$/;
const BINARY_POWERS: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENTS: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};

export class QuantityError extends Error {}

/** Parses a quantity; numbers (as YAML gives for `cpu: 1`) are read as their decimal text. */
export function parseQuantity(input: string | number): Quantity {
  const text = typeof input === 'number' ? String(input) : input.trim();
  const match = QUANTITY_PATTERN.exec(text);
  if (!match) {
    throw new QuantityError(`"${text}" is not a Kubernetes quantity (examples: 200m, 0.5, 128Mi, 1Gi, 2e3)`);
  }
  const [, sign, digits, suffix] = match;
  const [whole, fraction = ''] = digits.split('.');
  let numerator = BigInt(`${whole || '0'}${fraction}`) * (sign === '-' ? -1n : 1n);
  let denominator = 10n ** BigInt(fraction.length);
  if (suffix in BINARY_POWERS) {
    numerator *= 2n ** BigInt(BINARY_POWERS[suffix]);
  } else {
    const exponent = suffix in DECIMAL_EXPONENTS ? DECIMAL_EXPONENTS[suffix] : Number(suffix.slice(1));
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
  }
  return {
    text,
    milliValue: Number(ceilDivide(numerator * 1000n, denominator)),
    value: Number(ceilDivide(numerator, denominator)),
    approximate: Number(numerator) / Number(denominator),
  };
}

/** CPU in millicores, for requests, limits and usage. */
export function cpuMillicores(input: string | number): number {
  return exactAmount(parseQuantity(input), 'milliValue');
}

/** Memory in bytes, for requests, limits and usage. */
export function memoryBytes(input: string | number): number {
  return exactAmount(parseQuantity(input), 'value');
}

/** A resource amount: never negative, and an exact integer (below 2^53). */
export function exactAmount(quantity: Quantity, field: 'milliValue' | 'value'): number {
  if (quantity.approximate < 0) throw new QuantityError(`"${quantity.text}" is negative`);
  if (!Number.isSafeInteger(quantity[field])) {
    throw new QuantityError(
      `"${quantity.text}" is too large for the lab (beyond 2^53 ${field === 'value' ? 'units' : 'milli-units'})`,
    );
  }
  return quantity[field];
}

function ceilDivide(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return numerator % denominator > 0n ? quotient + 1n : quotient;
}
