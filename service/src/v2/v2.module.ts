import { Module } from '@nestjs/common';
import { InferenceModule } from '../inference/inference.module';
import { LifecycleModule } from '../lifecycle/lifecycle.module';
import { V2Controller } from './v2.controller';

@Module({ imports: [InferenceModule, LifecycleModule], controllers: [V2Controller] })
export class V2Module {}
