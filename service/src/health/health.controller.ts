import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import { ModelHealthIndicator } from '../inference/model.health';
import { ShutdownHealthIndicator } from '../lifecycle/shutdown.health';
import { StartupDelayHealthIndicator } from '../lifecycle/startup-delay.health';
import { FaultHealthIndicator } from '../faults/fault.health';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly model: ModelHealthIndicator,
    private readonly shutdown: ShutdownHealthIndicator,
    private readonly startup: StartupDelayHealthIndicator,
    private readonly faults: FaultHealthIndicator,
  ) {}

  /**
   * Liveness: the process answers HTTP. Not a Terminus check on purpose: once shutdown starts Terminus answers
   * every check 503 "shutting_down", and liveness must not fail while the process drains.
   */
  @Get('live')
  live(): HealthCheckResult {
    return { status: 'ok', info: {}, error: {}, details: {} };
  }

  /**
   * Readiness: model loaded and warmed, past the STARTUP_DELAY_MS start-up, and not draining after SIGTERM (503
   * otherwise). Also plain `GET /health`, the one health route of the reports' FastAPI service, so their probes
   * and scripts work unmodified. Down too while the lab's readiness-fail fault plays.
   */
  @Get(['ready', ''])
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.model.isReady(),
      () => this.startup.isOver(),
      () => this.shutdown.isServing(),
      ...this.faults.checks(),
    ]);
  }
}
