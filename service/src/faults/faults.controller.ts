import { Body, Controller, Get, HttpCode, HttpStatus, Post } from '@nestjs/common';
import { RequestRejectedException } from '../http/request-rejected.exception';
import { ActiveFault, FaultState, ServiceFaultKind } from './fault-state.service';
import { FAULT_LIMITS, StartFaultDto } from './start-fault.dto';

/** The range of `amount` each kind takes; undefined: the kind takes none. */
const AMOUNT_RANGES: Record<ServiceFaultKind, { min: number; max: number; unit: string } | undefined> = {
  'slow-model': { min: 1, max: FAULT_LIMITS.slowModelMs, unit: 'ms added to each prediction' },
  'cpu-burn': { min: 1, max: FAULT_LIMITS.cpuBurnMillicores, unit: 'millicores to burn' },
  'error-rate': { min: 0.001, max: 100, unit: 'percent of requests answered 500' },
  'readiness-fail': undefined,
};

/**
 * The lab's fault endpoint: only registered when IRIS_FAULTS_ENABLED=true (the embedded lab and the kind
 * overlay; never GKE), so a production pod has no route by which anyone could slow or break it.
 */
@Controller('faults')
export class FaultsController {
  constructor(private readonly faults: FaultState) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  start(@Body() body: StartFaultDto): ActiveFault {
    const range = AMOUNT_RANGES[body.kind];
    if (range && (body.amount === undefined || body.amount < range.min || body.amount > range.max)) {
      throw RequestRejectedException.of(
        'amount',
        'range',
        `${body.kind} needs amount from ${range.min} to ${range.max} (${range.unit})`,
      );
    }
    if (!range && body.amount !== undefined)
      throw RequestRejectedException.of('amount', 'absent', `${body.kind} takes no amount`);
    return this.faults.play(body.kind, body.durationMs, body.amount);
  }

  @Get()
  active(): { faults: ActiveFault[] } {
    return { faults: this.faults.active() };
  }
}
