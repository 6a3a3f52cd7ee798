// A small TopoJSON decoder: turns a Topology's GeometryCollection into a GeoJSON
// FeatureCollection. Handles quantized (delta-encoded) and plain arcs, Polygon and MultiPolygon,
// which is all world-atlas uses.
"use strict";

function topoFeatures(topology, objectName) {
  const tf = topology.transform;
  // Decode every arc once: undo the delta encoding, then the quantization transform.
  const arcs = topology.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map((p) => {
      if (tf) {
        x += p[0];
        y += p[1];
        return [x * tf.scale[0] + tf.translate[0], y * tf.scale[1] + tf.translate[1]];
      }
      return [p[0], p[1]];
    });
  });
  // A negative index ~i means arc i walked backwards.
  function ring(indices) {
    const points = [];
    indices.forEach((i, k) => {
      const arc = i >= 0 ? arcs[i] : arcs[~i].slice().reverse();
      // Consecutive arcs share their joining point; keep it once.
      points.push(...(k === 0 ? arc : arc.slice(1)));
    });
    // Rings that cross the antimeridian (Russia, Fiji) jump by ~360 degrees; unwrap them so a
    // flat map draws them as one shape instead of a band across the world.
    for (let i = 1; i < points.length; i++) {
      const d = points[i][0] - points[i - 1][0];
      if (d > 180) points[i] = [points[i][0] - 360, points[i][1]];
      else if (d < -180) points[i] = [points[i][0] + 360, points[i][1]];
    }
    return points;
  }
  function geometry(g) {
    if (g.type === "Polygon") return { type: "Polygon", coordinates: g.arcs.map(ring) };
    if (g.type === "MultiPolygon")
      return { type: "MultiPolygon", coordinates: g.arcs.map((poly) => poly.map(ring)) };
    return null;
  }
  const collection = topology.objects[objectName];
  return {
    type: "FeatureCollection",
    features: collection.geometries
      .map((g) => ({ type: "Feature", id: g.id, properties: g.properties || {}, geometry: geometry(g) }))
      .filter((f) => f.geometry !== null),
  };
}
