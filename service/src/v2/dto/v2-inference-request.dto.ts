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

// Decorators run bottom-up and stopAtFirstError names the first broken rule: the most basic rule sits last.

/** One input tensor of an Open Inference Protocol v2 request (JSON tensor data, nested or flat). */
export class V2RequestInputDto {
  @IsString()
  @IsDefined()
  name!: string;

  @Min(0, { each: true })
  @IsInt({ each: true })
  @IsArray()
  @IsDefined()
  shape!: number[];

  @IsString()
  @IsDefined()
  datatype!: string;

  @IsOptional()
  @IsObject()
  parameters?: Record<string, unknown>;

  @IsArray()
  @IsDefined()
  data!: unknown[];
}

export class V2RequestOutputDto {
  @IsString()
  @IsDefined()
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

  @ValidateNested({ each: true })
  @Type(() => V2RequestInputDto)
  @ArrayMaxSize(1)
  @ArrayMinSize(1)
  @IsArray()
  @IsDefined()
  inputs!: V2RequestInputDto[];

  @ValidateNested({ each: true })
  @Type(() => V2RequestOutputDto)
  @IsArray()
  @IsOptional()
  outputs?: V2RequestOutputDto[];
}
