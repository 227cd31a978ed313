import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { InferenceService } from './inference.service';
import { IrisModel } from './iris-model.service';
import { ModelController } from './model.controller';
import { ModelHealthIndicator } from './model.health';
import { PredictController } from './predict.controller';

@Module({
  imports: [TerminusModule],
  controllers: [PredictController, ModelController],
  providers: [IrisModel, InferenceService, ModelHealthIndicator],
  exports: [IrisModel, InferenceService, ModelHealthIndicator],
})
export class InferenceModule {}
