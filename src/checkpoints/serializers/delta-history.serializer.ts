import { ApiProperty } from '@nestjs/swagger';
import type { ChannelHistory, TypedBytes } from '../store/delta-history-reader.js';

export class TypedBytesSerializer {
  @ApiProperty() type: string;
  @ApiProperty({ format: 'byte' }) data: string;
}

export class ChannelHistorySerializer {
  // Inline rather than a $ref: OpenAPI 3.0 cannot make a referenced schema nullable.
  @ApiProperty({
    type: 'object',
    nullable: true,
    required: ['type', 'data'],
    properties: { type: { type: 'string' }, data: { type: 'string', format: 'byte' } },
    description: 'the nearest stored value, null when none',
  })
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
