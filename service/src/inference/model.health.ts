import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { IrisModel } from './iris-model.service';

/** Up once the ONNX model is loaded, checked and warmed. */
@Injectable()
export class ModelHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly model: IrisModel,
  ) {}

  isReady(key = 'model'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    if (!this.model.isReady) return indicator.down({ message: 'model not loaded and warmed' });
    const { name, version } = this.model.card;
    return indicator.up({ name, version });
  }
}
