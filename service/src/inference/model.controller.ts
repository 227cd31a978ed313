import { Controller, Get } from '@nestjs/common';
import { IrisModel } from './iris-model.service';
import { ModelCard } from './model-card';

@Controller('model')
export class ModelController {
  constructor(private readonly model: IrisModel) {}

  /** The model card, exactly as committed next to the model (its sha256 was checked at load). */
  @Get()
  card(): ModelCard {
    return this.model.card;
  }
}
