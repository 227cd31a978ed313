import { IsIn, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { SERVICE_FAULT_KINDS, type ServiceFaultKind } from './fault-state.service';

/** The endpoint's own limits (the lab's grammar has the same), so no caller can wedge a pod. */
export const FAULT_LIMITS = { durationMs: 3_600_000, slowModelMs: 10_000, cpuBurnMillicores: 4000 } as const;

/** Body of POST /faults: one fault, how much of it, for how long. */
export class StartFaultDto {
  @IsIn(SERVICE_FAULT_KINDS)
  kind!: ServiceFaultKind;

  @IsInt()
  @Min(1)
  @Max(FAULT_LIMITS.durationMs)
  durationMs!: number;

  /** slow-model: ms per prediction; cpu-burn: millicores; error-rate: percent of requests (checked per kind). */
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(FAULT_LIMITS.slowModelMs)
  amount?: number;
}
