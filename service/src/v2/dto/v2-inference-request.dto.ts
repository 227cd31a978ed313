import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Min,
  ValidateNested,
} from 'class-validator';

/** One input tensor of an Open Inference Protocol v2 request (JSON tensor data, nested or flat). */
export class V2RequestInputDto {
  @IsDefined()
  @IsString()
  name!: string;

  @IsDefined()
  @IsArray()
  @IsInt({ each: true })
  @Min(0, { each: true })
  shape!: number[];

  @IsDefined()
  @IsString()
  datatype!: string;

  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;

  @IsDefined()
  @IsArray()
  data!: unknown[];
}

export class V2RequestOutputDto {
  @IsDefined()
  @IsString()
  name!: string;

  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;
}

/** Body of POST /v2/models/iris/infer. The Iris model has exactly one input tensor. */
export class V2InferenceRequestDto {
  @IsOptional()
  @IsString()
  id?: string;

  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;

  @IsDefined()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1)
  @ValidateNested({ each: true })
  @Type(() => V2RequestInputDto)
  inputs!: V2RequestInputDto[];

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => V2RequestOutputDto)
  outputs?: V2RequestOutputDto[];
}
