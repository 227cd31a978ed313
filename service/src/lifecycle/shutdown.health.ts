import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ShutdownState } from './shutdown-state.service';

/** Down from the moment SIGTERM arrives, so load balancers stop sending new requests. */
@Injectable()
export class ShutdownHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly shutdown: ShutdownState,
  ) {}

  isServing(key = 'shutdown'): HealthIndicatorResult {
    const indicator = this.health.check(key);
    return this.shutdown.isDraining ? indicator.down({ message: 'draining after SIGTERM' }) : indicator.up();
  }
}
