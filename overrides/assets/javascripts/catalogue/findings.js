/* A paper's findings (what each study found, as the listing index writes them) and whether one of them
   meets what the reader asked for. Plain data in and out. */

const list = (value) => (value || "").split(",").filter(Boolean);

/* data-findings is "harm|compression|direction|methods|bands|benchmarks|role;..." as the build writes it
   (facets.findings_attribute); every finding facet is a list so that findingMatch can treat them alike. */
export function parseFindings(text) {
  return (text || "").split(";").filter(Boolean).map((entry) => {
    const part = entry.split("|");
    return { harm: part[0], compression: part[1], direction: [part[2]], method: list(part[3]),
             band: list(part[4]), benchmark: list(part[5]), role: [part[6] || "effect"] };
  });
}

/* The first of `findings` that satisfies every chosen finding facet (except `skip`), the bands and
   methods the query names, and (withCompression) the chosen compression families; else null.
   need: { findingIds, facets: {facet: Set}, bands: [], methods: [], compression: Set }. */
export function findingMatch(findings, need, skip, withCompression) {
  for (const finding of findings) {
    let ok = true;
    for (let f = 0; ok && f < need.findingIds.length; f++) {
      const facet = need.findingIds[f];
      if (facet === skip || !need.facets[facet].size) { continue; }
      ok = finding[facet].some((value) => need.facets[facet].has(value));
    }
    for (let b = 0; ok && b < need.bands.length; b++) { ok = finding.band.includes(need.bands[b]); }
    for (let m = 0; ok && m < need.methods.length; m++) { ok = finding.method.includes(need.methods[m]); }
    if (ok && withCompression && need.compression.size) { ok = need.compression.has(finding.compression); }
    if (ok) { return finding; }
  }
  return null;
}
