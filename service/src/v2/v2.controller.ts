import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SERVICE_VERSION } from '../app/service-info';
import { SERVICE_NAME } from '../contracts/telemetry-names';
import { AppConfig } from '../config/app-config';
import { RequestRejectedException } from '../http/request-rejected.exception';
import { InferenceService } from '../inference/inference.service';
import { IrisModel } from '../inference/iris-model.service';
import { MODEL_OUTPUTS } from '../inference/model-card';
import { ShutdownState } from '../lifecycle/shutdown-state.service';
import { requestContext } from '../telemetry/request-context';
import { V2InferenceRequestDto } from './dto/v2-inference-request.dto';
import { decodeIrisInput } from './v2-input-tensor';
import { v2ModelMetadata } from './v2-model-metadata';

const OUTPUT_NAMES: string[] = Object.values(MODEL_OUTPUTS);

/** Open Inference Protocol v2 (KServe, Triton) REST endpoints; errors are `{"error": "..."}` (see the filter). */
@Controller('v2')
export class V2Controller {
  constructor(
    private readonly inference: InferenceService,
    private readonly model: IrisModel,
    private readonly shutdown: ShutdownState,
    private readonly config: AppConfig,
  ) {}

  @Get()
  server() {
    return { name: SERVICE_NAME, version: SERVICE_VERSION, extensions: [] };
  }

  @Get('health/live')
  live() {
    return { live: true };
  }

  @Get('health/ready')
  ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const ready = this.isReady();
    if (!ready) reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { ready };
  }

  @Get('models/:name')
  metadata(@Param('name') name: string) {
    this.assertServed(name);
    return v2ModelMetadata(this.model.card);
  }

  @Get('models/:name/ready')
  modelReady(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply) {
    this.assertServed(name);
    const ready = this.isReady();
    if (!ready) reply.status(HttpStatus.SERVICE_UNAVAILABLE);
    return { name, ready };
  }

  @Post('models/:name/infer')
  @HttpCode(HttpStatus.OK)
  async infer(
    @Param('name') name: string,
    @Body() body: V2InferenceRequestDto,
    @Req() request: FastifyRequest,
  ) {
    this.assertServed(name);
    const requested = body.outputs?.map((output) => output.name) ?? OUTPUT_NAMES;
    requested.forEach((output, index) => {
      if (!OUTPUT_NAMES.includes(output)) {
        throw RequestRejectedException.of(
          `outputs[${index}].name`,
          'isIn',
          `outputs[${index}].name must be one of ${OUTPUT_NAMES.join(', ')}`,
        );
      }
    });
    const { features, rows } = decodeIrisInput(body.inputs[0], this.config.batchRequestMaxInstances);
    const run = await this.inference.infer(features, rows, requestContext(request.raw));
    const { name: modelName, version, classes } = this.model.card;
    const tensors: Record<string, object> = {
      [MODEL_OUTPUTS.label]: {
        name: MODEL_OUTPUTS.label,
        datatype: 'INT64',
        shape: [rows],
        data: Array.from(run.labels, Number),
      },
      [MODEL_OUTPUTS.probabilities]: {
        name: MODEL_OUTPUTS.probabilities,
        datatype: 'FP32',
        shape: [rows, classes.length],
        data: Array.from(run.probabilities),
      },
    };
    return {
      model_name: modelName,
      model_version: version,
      ...(body.id !== undefined && { id: body.id }),
      outputs: requested.map((output) => tensors[output]),
    };
  }

  private isReady(): boolean {
    return this.model.isReady && !this.shutdown.isDraining;
  }

  private assertServed(name: string): void {
    if (name !== this.model.card.name) {
      throw new NotFoundException(`model "${name}" is not served here (only "${this.model.card.name}")`);
    }
  }
}
