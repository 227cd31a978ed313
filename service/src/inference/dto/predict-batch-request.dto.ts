import { Type } from 'class-transformer';
import { ArrayNotEmpty, IsArray, IsDefined, ValidateNested } from 'class-validator';
import { PredictRequestDto } from './predict-request.dto';

/** Body of POST /predict/batch; the largest accepted size is BATCH_REQUEST_MAX_INSTANCES (checked by the controller). */
export class PredictBatchRequestDto {
  @IsDefined({ message: 'instances is required' })
  @IsArray({ message: 'instances must be an array' })
  @ArrayNotEmpty({ message: 'instances must not be empty' })
  @ValidateNested({ each: true })
  @Type(() => PredictRequestDto)
  instances!: PredictRequestDto[];
}
