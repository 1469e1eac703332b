/**
 * A map of at most `capacity` entries that keeps the most recently set: setting an entry makes it
 * the newest, and beyond capacity the oldest goes. The process's memories of grants and callers
 * (RememberedGrants, RememberedIdentities) are bounded this way.
 */
export class RecentMap<Value> {
  private readonly entries = new Map<string, Value>();

  constructor(private readonly capacity: number) {}

  get(key: string): Value | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: Value): void {
    // Deleted first: a Map keeps insertion order, and re-setting a key would leave it where it was.
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
