import { versionKey } from './channel-blob.js';

/** A checkpoint's resolved channel → stored value (blob id) map. */
export type ChannelMap = Record<string, string>;

export type ParentChannels = { versions: Record<string, unknown>; map: ChannelMap };

/**
 * Computes a checkpoint's channel map when it is written: the values it carries, plus each
 * channel its parent resolved at the same version. Resolution follows this checkpoint's own
 * ancestry, never "whoever wrote that version first": a fork from an old checkpoint reuses
 * version numbers the original branch already wrote with other values, and must not see them.
 * Channels neither carried nor inherited stay unresolved; the caller may look those up by version.
 */
export function resolveChannelMap(
  versions: Record<string, unknown>,
  carried: ChannelMap,
  parent: ParentChannels | undefined,
): { map: ChannelMap; unresolved: string[] } {
  const map: ChannelMap = {};
  const unresolved: string[] = [];
  for (const [channel, version] of Object.entries(versions)) {
    if (Object.hasOwn(carried, channel)) {
      map[channel] = carried[channel];
    } else if (
      parent &&
      Object.hasOwn(parent.map, channel) &&
      Object.hasOwn(parent.versions, channel) &&
      versionKey(parent.versions[channel]) === versionKey(version)
    ) {
      map[channel] = parent.map[channel];
    } else {
      unresolved.push(channel);
    }
  }
  return { map, unresolved };
}
