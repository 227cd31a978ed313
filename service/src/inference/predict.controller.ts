import { Body, Controller, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RequestRejectedException } from '../http/request-rejected.exception';
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
  predict(@Body() body: PredictRequestDto): Promise<Prediction> {
    return this.inference.predict(body);
  }

  @Post('batch')
  @HttpCode(HttpStatus.OK)
  async predictBatch(@Body() body: PredictBatchRequestDto): Promise<{ predictions: Prediction[] }> {
    const max = this.config.batchRequestMaxInstances;
    if (body.instances.length > max) {
      throw RequestRejectedException.of(
        'instances',
        'arrayMaxSize',
        `instances must hold at most ${max} elements`,
      );
    }
    return { predictions: await this.inference.predictBatch(body.instances) };
  }
}
