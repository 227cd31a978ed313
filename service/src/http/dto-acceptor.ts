import { Type } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

type Check = (value: unknown) => boolean;

/** class-validator's own semantics for the rules our hot DTOs use (see class-validator's isNumber, min, max). */
const RULES: Record<string, (constraints: unknown[]) => Check | undefined> = {
  isDefined: () => (value) => value !== undefined && value !== null,
  isNumber: ([options = {}]) => {
    const { allowNaN = false, allowInfinity = false, maxDecimalPlaces } = options as Record<string, unknown>;
    if (maxDecimalPlaces !== undefined) return undefined;
    return (value) =>
      typeof value === 'number' &&
      (Number.isFinite(value) || (Number.isNaN(value) ? allowNaN === true : allowInfinity === true));
  },
  min: ([min]) =>
    typeof min === 'number' ? (value) => typeof value === 'number' && value >= min : undefined,
  max: ([max]) =>
    typeof max === 'number' ? (value) => typeof value === 'number' && value <= max : undefined,
};

function ruleName(metadata: ValidationMetadata): string | undefined {
  if (metadata.type === 'isDefined') return 'isDefined';
  return metadata.type === 'customValidation' ? metadata.name : undefined;
}

/**
 * Compiles a flat DTO's class-validator rules (cached metadata) into a function that only answers "certainly
 * valid": true means validateSync would report no error; false means "ask validateSync", which then names the
 * broken rules. Undefined when the DTO uses a rule, option or group this compiler does not know.
 */
export function compileDtoAcceptor(dto: Type): ((value: object) => boolean) | undefined {
  const checks = new Map<string, Check[]>();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const name = ruleName(metadata);
    const compile = name === undefined ? undefined : RULES[name];
    const conditional = metadata.each || metadata.always || (metadata.groups?.length ?? 0) > 0;
    const check = compile && !conditional ? compile(metadata.constraints ?? []) : undefined;
    if (!check) return undefined;
    checks.set(metadata.propertyName, [...(checks.get(metadata.propertyName) ?? []), check]);
  }
  if (checks.size === 0) return undefined;
  const properties = [...checks];
  return (value) => {
    const record = value as Record<string, unknown>;
    let known = 0;
    for (const key in record) {
      if (!Object.hasOwn(record, key)) continue;
      if (!checks.has(key)) return false; // forbidNonWhitelisted
      known++;
    }
    if (known !== properties.length) return false;
    for (const [property, propertyChecks] of properties) {
      for (const check of propertyChecks) if (!check(record[property])) return false;
    }
    return true;
  };
}
