import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_PROBE_HOLD_MS } from '@karta/jobs';

export class CreateProbeDto {
  @ApiPropertyOptional({ description: 'Keep the worker busy this long (ms)', maximum: MAX_PROBE_HOLD_MS, default: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_PROBE_HOLD_MS)
  holdMs?: number;
}

export class ProbeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() requestedAt!: Date;
  @ApiProperty({ nullable: true, type: Date }) processedAt!: Date | null;
  @ApiProperty({ nullable: true, type: String }) processedBy!: string | null;
  @ApiProperty() attempts!: number;
}
