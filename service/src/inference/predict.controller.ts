import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { RequestRejectedException } from '../http/request-rejected.exception';
import { requestContext } from '../telemetry/request-context';
import { PredictBatchRequestDto } from './dto/predict-batch-request.dto';
import { PredictRequestDto } from './dto/predict-request.dto';
import { InferenceService } from './inference.service';
import { Prediction } from './prediction';

@Controller('predict')
export class PredictController {
  constructor(
    private readonly inference: InferenceService,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  predict(@Body() body: PredictRequestDto, @Req() request: FastifyRequest): Promise<Prediction> {
    return this.inference.predict(body, requestContext(request.raw));
  }

  @Post('batch')
  @HttpCode(HttpStatus.OK)
  async predictBatch(
    @Body() body: PredictBatchRequestDto,
    @Req() request: FastifyRequest,
  ): Promise<{ predictions: Prediction[] }> {
    const max = this.config.batchRequestMaxInstances;
    if (body.instances.length > max) {
      throw RequestRejectedException.of(
        'instances',
        'arrayMaxSize',
        `instances must hold at most ${max} elements`,
      );
    }
    return { predictions: await this.inference.predictBatch(body.instances, requestContext(request.raw)) };
  }
}
