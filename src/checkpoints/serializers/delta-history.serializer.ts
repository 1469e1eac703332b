import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ChannelHistory, TypedBytes } from '../store/delta-history-reader.js';

export class TypedBytesSerializer {
  @ApiProperty() type: string;
  @ApiProperty({ format: 'byte' }) data: string;
}

export class ChannelHistorySerializer {
  @ApiPropertyOptional({ type: TypedBytesSerializer, nullable: true, description: 'the nearest stored value, null when none' })
  seed: TypedBytesSerializer | null;

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: {}, minItems: 3, maxItems: 3 },
    description: '[task, channel, {type, data}] oldest first',
  })
  writes: [string, string, TypedBytesSerializer][];
}

/** `{"<channel>": {seed, writes}}`; built with own properties only, so any channel name is safe. */
export const DeltaHistorySerializer = {
  represent(history: Map<string, ChannelHistory>): Record<string, ChannelHistorySerializer> {
    return Object.fromEntries(
      [...history].map(([channel, { seed, writes }]) => [
        channel,
        { seed: seed && typed(seed), writes: writes.map(([task, name, value]) => [task, name, typed(value)]) },
      ]),
    );
  },
};

function typed(value: TypedBytes): TypedBytesSerializer {
  return { type: value.type, data: value.data.toString('base64') };
}
