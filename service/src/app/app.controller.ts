import { Controller, Get } from '@nestjs/common';
import { IrisModel } from '../inference/iris-model.service';
import { SERVICE_NAME } from '../contracts/telemetry-names';
import { SERVICE_VERSION } from './service-info';

const LINKS = {
  predict: '/predict',
  predictBatch: '/predict/batch',
  model: '/model',
  live: '/health/live',
  ready: '/health/ready',
  metrics: '/metrics',
  v2: '/v2/models/iris',
  v2Infer: '/v2/models/iris/infer',
};

@Controller()
export class AppController {
  constructor(private readonly model: IrisModel) {}

  @Get()
  index() {
    const { name, version } = this.model.card;
    return { name: SERVICE_NAME, version: SERVICE_VERSION, model: { name, version }, links: LINKS };
  }
}
