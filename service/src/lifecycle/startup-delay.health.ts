import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { AppConfig } from '../config/app-config';

/** How long the process has been running, in ms (a provider so specs can set the clock). */
export abstract class ProcessUptime {
  abstract milliseconds(): number;
}

export class NodeProcessUptime extends ProcessUptime {
  milliseconds(): number {
    return process.uptime() * 1000;
  }
}

/**
 * Down for the first STARTUP_DELAY_MS of the process, so a pod takes as long to get ready as the start-up the lab
 * reproduces (a report's 30-45 s). Compared at each probe against the process uptime: no timer, no CPU spent.
 */
@Injectable()
export class StartupDelayHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly config: AppConfig,
    private readonly uptime: ProcessUptime,
  ) {}

  isOver(key = 'startup'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    const leftMs = this.config.startupDelayMs - this.uptime.milliseconds();
    if (leftMs <= 0) return indicator.up();
    return indicator.down({
      message: `starting up (STARTUP_DELAY_MS=${this.config.startupDelayMs}): ready in ${Math.ceil(leftMs / 1000)} s`,
    });
  }
}
