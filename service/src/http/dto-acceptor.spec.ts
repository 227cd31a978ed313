import 'reflect-metadata';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from '@jest/globals';
import { IsInt, IsNumber, IsOptional, validateSync } from 'class-validator';
import { PredictRequestDto } from '../inference/dto/predict-request.dto';
import { compileDtoAcceptor } from './dto-acceptor';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true };
const FIELDS = ['sepal_length', 'sepal_width', 'petal_length', 'petal_width'];

function classValidatorAccepts(value: object): boolean {
  return validateSync(Object.setPrototypeOf({ ...value }, PredictRequestDto.prototype), OPTIONS).length === 0;
}

const values = fc.oneof(
  fc.double({ min: -5, max: 25 }),
  fc.double(),
  fc.constantFrom(0, 10, 20, -0, NaN, Infinity, -Infinity, null, '5', true),
  fc.jsonValue(),
);
const bodies = fc.oneof(
  fc.record(Object.fromEntries(FIELDS.map((field) => [field, values])), { requiredKeys: [] }),
  fc.record(Object.fromEntries(FIELDS.map((field) => [field, fc.double({ min: 0, max: 10 })]))),
  fc.dictionary(fc.constantFrom(...FIELDS, 'colour', 'species'), values),
);

describe('compileDtoAcceptor', () => {
  const accept = compileDtoAcceptor(PredictRequestDto)!;

  it('compiles the /predict DTO', () => {
    assert.equal(typeof accept, 'function');
  });

  it('agrees with class-validator on random bodies (never accepts what class-validator rejects)', () => {
    fc.assert(
      fc.property(bodies, (body) => {
        assert.equal(accept(body), classValidatorAccepts(body), JSON.stringify(body));
      }),
      { numRuns: 3000 },
    );
  });

  it('accepts a valid body and rejects each broken rule', () => {
    const valid = { sepal_length: 5.1, sepal_width: 3.5, petal_length: 1.4, petal_width: 0.2 };
    assert.equal(accept(valid), true);
    for (const broken of [
      { ...valid, sepal_width: undefined },
      { ...valid, sepal_width: null },
      { ...valid, sepal_width: '3.5' },
      { ...valid, sepal_width: -1 },
      { ...valid, sepal_width: 10.01 },
      { ...valid, extra: 1 },
    ]) {
      assert.equal(accept(broken), false, JSON.stringify(broken));
    }
  });

  it('refuses to compile rules it does not know (those DTOs always go to class-validator)', () => {
    class WithInt {
      @IsInt()
      count!: number;
    }
    class WithDecimals {
      @IsNumber({ maxDecimalPlaces: 2 })
      price!: number;
    }
    class WithOptional {
      @IsOptional()
      @IsNumber()
      maybe?: number;
    }
    assert.equal(compileDtoAcceptor(WithInt), undefined);
    assert.equal(compileDtoAcceptor(WithDecimals), undefined);
    assert.equal(compileDtoAcceptor(WithOptional), undefined);
  });
});
