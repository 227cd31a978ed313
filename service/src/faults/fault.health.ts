import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { FaultState } from './fault-state.service';

/** Down while the readiness-fail fault plays: the pod leaves the Service's endpoints though it still serves. */
@Injectable()
export class FaultHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly faults: FaultState,
  ) {}

  /** The readiness checks this indicator adds: none unless the fault plays, so /health reads as before. */
  checks(key = 'faults'): Array<() => HealthIndicatorResult> {
    if (!this.faults.readinessFailing) return [];
    return [() => this.health.check(key).down({ message: 'injected fault: readiness-fail' })];
  }
}
