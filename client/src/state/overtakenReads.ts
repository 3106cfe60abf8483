/**
 * A read of server state that live events can overtake. A page read while an event is in flight
 * may have been computed before the event's change: applied after it, it would undo it (the inbox
 * badge went back from 3 to 2 when the on-connect refresh answered after a live `inbox:new`).
 * Live changes are counted; a read during which one arrived is made again, a few times at most
 * (events that never stop still end with the last read applied).
 */
export class OvertakenReads {
  private changes = 0;

  constructor(private readonly maxReads = 3) {}

  /** A live change was applied (an item arrived, items were marked read). */
  changed(): void {
    this.changes++;
  }

  /** `read()`, made again while live changes arrive during it; the answer none overtook (or the last). */
  async read<T>(read: () => Promise<T>): Promise<T> {
    for (let made = 1; ; made++) {
      const before = this.changes;
      const answer = await read();
      if (this.changes === before || made >= this.maxReads) return answer;
    }
  }

  /** Forgets the count (sign-out). */
  reset(): void {
    this.changes = 0;
  }
}
