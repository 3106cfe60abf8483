// Preloaded into a spawned server (NODE_OPTIONS=--import) to run it on a machine whose clock is
// PUENTE_TEST_CLOCK_SKEW_MS off: Date.now() and `new Date()` read the skewed time; monotonic clocks
// (performance.now, timers) are untouched, as on a real machine with a wrong date. A proxy of Date
// rather than a subclass: libraries that recognise `Date` (schema types, BSON) still do.
const skew = Number(process.env.PUENTE_TEST_CLOCK_SKEW_MS ?? 0);
if (skew) {
  const RealDate = Date;
  const now = () => RealDate.now() + skew;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length ? args : [now()], newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, key, receiver) => (key === 'now' ? now : Reflect.get(target, key, receiver)),
  });
}
