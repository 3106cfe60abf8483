/**
 * Ids of live events already shown: `match:new` and `watch:hit` are sent at least once (the server
 * announces again what a crash may have cut short, with the same `eventId`), so each is shown once.
 * Holds the latest ids only, as the server repeats an announcement soon after the first.
 */
export class SeenEvents {
  private readonly ids = new Set<string>();

  constructor(private readonly capacity = 1000) {}

  /** Whether this is the first time the event is heard of (an event without an id always is). */
  firstSighting(eventId: string | undefined): boolean {
    if (eventId === undefined) return true;
    if (this.ids.has(eventId)) return false;
    this.ids.add(eventId);
    // A Set iterates in insertion order: the oldest id goes first.
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as string);
    return true;
  }

  clear(): void {
    this.ids.clear();
  }
}
