import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { ModelHealthIndicator } from '../inference/model.health';
import { ShutdownHealthIndicator } from '../lifecycle/shutdown.health';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly model: ModelHealthIndicator,
    private readonly shutdown: ShutdownHealthIndicator,
  ) {}

  /** Liveness: the process answers HTTP. Never depends on the model, so a slow load is not a restart loop. */
  @Get('live')
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /** Readiness: model loaded and warmed, and not draining after SIGTERM (503 otherwise). */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.model.isReady(), () => this.shutdown.isServing()]);
  }
}
