import { applyDecorators } from '@nestjs/common';
import { IsDefined, IsNumber, Max, Min } from 'class-validator';

/** Required, finite number of centimetres within [min, max]; with stopAtFirstError the first broken rule is named. */
export function Centimetres(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    IsDefined({ message: ({ property }) => `${property} is required` }),
    IsNumber(
      { allowNaN: false, allowInfinity: false },
      { message: ({ property }) => `${property} must be a finite number (cm)` },
    ),
    Min(min, { message: ({ property }) => `${property} must be at least ${min} cm` }),
    Max(max, { message: ({ property }) => `${property} must be at most ${max} cm` }),
  );
}
