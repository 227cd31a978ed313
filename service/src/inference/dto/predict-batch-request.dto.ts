import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsDefined, ValidateNested } from 'class-validator';
import { PredictRequestDto } from './predict-request.dto';

/** Body of POST /predict/batch; the largest accepted size is BATCH_REQUEST_MAX_INSTANCES (checked by the controller). */
export class PredictBatchRequestDto {
  // Decorators run bottom-up and stopAtFirstError names the first broken rule: most basic rule last.
  @ValidateNested({ each: true })
  @Type(() => PredictRequestDto)
  @ArrayNotEmpty({ message: 'instances must not be empty' })
  @IsArray({ message: 'instances must be an array' })
  @IsDefined({ message: 'instances is required' })
  instances!: PredictRequestDto[];
}
