/**
 * Compares what holds the ArrayBuffers' memory (Buffers, typed arrays: the process's "external"
 * memory) in two V8 heap snapshots of one process, e.g. the soak's server 1 at two minutes
 * (SOAK_HEAP_SNAPSHOTS_AT=5,20, bench/soak.ts). Each backing store is grouped by its chain of
 * retainers (the first strong retainer at each step, up to DEPTH steps, through the objects that
 * hold it), and the groups whose bytes grew most between the snapshots are printed first, with
 * their counts; then the heap's objects whose count grew most, by constructor name.
 * Usage: node --max-old-space-size=8192 bench/diagnostics/heapSnapshotDiff.mjs <earlier> <later> [rows] [depth]
 */
import fs from 'node:fs';

const [earlierFile, laterFile, rowsArg, depthArg] = process.argv.slice(2);
if (!earlierFile || !laterFile) {
  console.error('usage: node bench/diagnostics/heapSnapshotDiff.mjs <earlier.heapsnapshot> <later.heapsnapshot> [rows] [depth]');
  process.exit(2);
}
const ROWS = Number(rowsArg ?? 25);
const DEPTH = Number(depthArg ?? 6);

/** Edges that do not keep their target alive, or only describe it. */
const NOT_RETAINING = new Set(['weak', 'shortcut']);
/** Nodes that only relay: the chain goes on through them without naming them. */
const RELAYS =
  /^(system \/ (Context|PropertyArray|FixedArray|DescriptorArray|ExternalStringData|Map)|\(object properties\)|\(object elements\)|\(internal array\)|\(system\))$/;

function load(file) {
  const snapshot = JSON.parse(fs.readFileSync(file, 'utf8'));
  const meta = snapshot.snapshot.meta;
  const nodeFields = meta.node_fields;
  const edgeFields = meta.edge_fields;
  const nodeTypes = meta.node_types[0];
  const edgeTypes = meta.edge_types[0];
  const N = nodeFields.length;
  const E = edgeFields.length;
  const at = (f) => nodeFields.indexOf(f);
  const [TYPE, NAME, SELF, EDGES] = [at('type'), at('name'), at('self_size'), at('edge_count')];
  const [ETYPE, ENAME, ETO] = [edgeFields.indexOf('type'), edgeFields.indexOf('name_or_index'), edgeFields.indexOf('to_node')];
  const nodes = snapshot.nodes;
  const edges = snapshot.edges;
  const strings = snapshot.strings;
  const count = nodes.length / N;

  const firstEdge = new Uint32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * N + EDGES] * E;
  }
  firstEdge[count] = edges.length;

  // Retainers, as a compact reverse adjacency list.
  const retainerCount = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) {
    for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += E) {
      if (NOT_RETAINING.has(edgeTypes[edges[e + ETYPE]])) continue;
      retainerCount[edges[e + ETO] / N]++;
    }
  }
  const retainerStart = new Uint32Array(count + 1);
  for (let i = 0; i < count; i++) retainerStart[i + 1] = retainerStart[i] + retainerCount[i];
  const retainers = new Uint32Array(retainerStart[count]);
  const retainerEdge = new Uint32Array(retainerStart[count]);
  const fill = retainerStart.slice(0, count);
  for (let i = 0; i < count; i++) {
    for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += E) {
      if (NOT_RETAINING.has(edgeTypes[edges[e + ETYPE]])) continue;
      const to = edges[e + ETO] / N;
      retainers[fill[to]] = i;
      retainerEdge[fill[to]] = e;
      fill[to]++;
    }
  }

  const nameOf = (i) => strings[nodes[i * N + NAME]];
  const typeOf = (i) => nodeTypes[nodes[i * N + TYPE]];
  const edgeLabel = (e) => {
    const t = edgeTypes[edges[e + ETYPE]];
    return t === 'element' || t === 'hidden' ? `[${edges[e + ENAME]}]` : String(strings[edges[e + ENAME]]);
  };
  const label = (i) => {
    const t = typeOf(i);
    const n = nameOf(i);
    return t === 'object' || t === 'closure' || t === 'native' ? n : `(${t}) ${n.slice(0, 40)}`;
  };

  /** A backing store's chain: the first retainer at each step, relays skipped, with the edge's name. */
  const chainOf = (i) => {
    const parts = [];
    const seen = new Set([i]);
    let current = i;
    while (parts.length < DEPTH) {
      let next = -1;
      let via = -1;
      for (let r = retainerStart[current]; r < retainerStart[current + 1]; r++) {
        if (seen.has(retainers[r])) continue;
        next = retainers[r];
        via = retainerEdge[r];
        break;
      }
      if (next < 0) break;
      seen.add(next);
      if (!RELAYS.test(nameOf(next))) parts.push(`${label(next)}.${edgeLabel(via)}`);
      current = next;
    }
    return parts.join(' ← ');
  };

  const stores = new Map();
  const objects = new Map();
  let storeBytes = 0;
  for (let i = 0; i < count; i++) {
    const name = nameOf(i);
    if (name === 'system / JSArrayBufferData') {
      const size = nodes[i * N + SELF];
      storeBytes += size;
      const key = chainOf(i);
      const g = stores.get(key) ?? { bytes: 0, count: 0 };
      g.bytes += size;
      g.count++;
      stores.set(key, g);
    } else if (typeOf(i) === 'object') {
      const g = objects.get(name) ?? { bytes: 0, count: 0 };
      g.bytes += nodes[i * N + SELF];
      g.count++;
      objects.set(name, g);
    }
  }
  return { stores, objects, storeBytes, count };
}

const mb = (b) => (b / 1e6).toFixed(2);
const earlier = load(earlierFile);
const later = load(laterFile);
console.log(
  `ArrayBuffer backing stores: ${mb(earlier.storeBytes)} MB → ${mb(later.storeBytes)} MB (nodes ${earlier.count} → ${later.count})`,
);

const diff = (a, b) =>
  [...new Set([...a.keys(), ...b.keys()])]
    .map((k) => {
      const x = a.get(k) ?? { bytes: 0, count: 0 };
      const y = b.get(k) ?? { bytes: 0, count: 0 };
      return { k, bytes: y.bytes - x.bytes, count: y.count - x.count, before: x, after: y };
    })
    .sort((p, q) => q.bytes - p.bytes);

console.log(`\nBacking stores by retainer chain, most grown first (MB and count: earlier → later):`);
for (const d of diff(earlier.stores, later.stores).slice(0, ROWS)) {
  console.log(
    `${mb(d.bytes).padStart(8)} MB  ${mb(d.before.bytes)} → ${mb(d.after.bytes)} MB, ${d.before.count} → ${d.after.count}  ${d.k || '(no retainer)'}`,
  );
}
console.log(`\nThe largest groups in the later snapshot:`);
for (const [k, g] of [...later.stores].sort((p, q) => q[1].bytes - p[1].bytes).slice(0, ROWS)) {
  console.log(`${mb(g.bytes).padStart(8)} MB  ${String(g.count).padStart(6)}  ${k || '(no retainer)'}`);
}
console.log(`\nObjects by constructor, most grown in count first:`);
for (const d of diff(earlier.objects, later.objects)
  .sort((p, q) => q.count - p.count)
  .slice(0, ROWS)) {
  console.log(
    `${String(d.count).padStart(8)}  ${d.before.count} → ${d.after.count} (${mb(d.before.bytes)} → ${mb(d.after.bytes)} MB)  ${d.k}`,
  );
}
