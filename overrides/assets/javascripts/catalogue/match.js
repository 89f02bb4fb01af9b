/* Does a record pass the filter state? Plain data in and out: a record is { year, tags: {facet: [ids]},
   findings, authors (folded), text (folded) }, as filters.js reads it from a card once. */
import { fold, parseQuery } from "./query.js";
import { findingMatch } from "./findings.js";

/* What a state asks for, worked out once per change rather than once per card. */
export function criteria(state, terms, facetIds, findingIds) {
  const parsed = parseQuery(state.text, terms);
  let low = parseInt(state.from, 10);
  let high = parseInt(state.to, 10);
  if (low > high) { [low, high] = [high, low]; }
  const chosen = {};
  for (const facet of facetIds.concat(findingIds)) { chosen[facet] = new Set(state.facets[facet]); }
  return {
    words: parsed.words,
    author: fold(state.author || ""),
    low,
    high,
    facetIds,
    findingIds,
    chosen,
    need: { findingIds, facets: chosen, bands: parsed.bands, methods: parsed.methods,
            compression: chosen.compression || new Set() },
    // Finding-level filtering only when something asks for it: a paper without findings still shows.
    findingActive: parsed.bands.length > 0 || parsed.methods.length > 0 ||
      findingIds.some((facet) => chosen[facet].size > 0)
  };
}

/* The verdict on one record. base: years, author and words; failures: how many chosen paper facets it
   misses (counting stops at two, which is all the facet counts need) and, if one, which (failed);
   findingOk: one of its findings meets the finding facets and the query's bands and methods. */
export function judge(record, c) {
  let base = record.year >= c.low && record.year <= c.high && (!c.author || record.authors.includes(c.author));
  for (let t = 0; base && t < c.words.length; t++) {
    if (!record.text.includes(c.words[t])) { base = false; }
  }
  let failed = null;
  let failures = 0;
  const findingOk = !c.findingActive || findingMatch(record.findings, c.need, null, true) !== null;
  if (base) {
    for (let f = 0; f < c.facetIds.length && failures < 2; f++) {
      const facet = c.facetIds[f];
      const set = c.chosen[facet];
      if (!set.size) { continue; }
      if (!record.tags[facet].some((tag) => set.has(tag))) { failures += 1; failed = facet; }
    }
  }
  return { base, failures, failed, findingOk, visible: base && failures === 0 && findingOk };
}
