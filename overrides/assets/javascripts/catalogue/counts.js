/* Facet counts: beside each value, how many papers choosing it would show, given every other facet's
   choice. addCounts works on plain data (a record, its verdict from match.js, the criteria); the two
   functions at the end find and fill the count spans of the facet panel. */
import { findingMatch } from "./findings.js";

export function emptyCounts(ids) {
  const counts = {};
  for (const facet of ids) { counts[facet] = {}; }
  return counts;
}

const bump = (counts, value) => { counts[value] = (counts[value] || 0) + 1; };

/* Add one record to `counts`; only records that pass years, author and words (verdict.base) count. */
export function addCounts(counts, record, verdict, c) {
  if (!verdict.base) { return; }
  const { failures, failed } = verdict;
  // A paper facet's value counts a record that misses no other paper facet (at most this one) and whose
  // findings fit; for compression, which findings also carry, the findings are matched without it.
  for (const other of c.facetIds) {
    const findingFits = other === "compression" && c.findingActive ?
      findingMatch(record.findings, c.need, null, false) !== null : verdict.findingOk;
    if (findingFits && (failures === 0 || (failures === 1 && failed === other))) {
      for (const value of record.tags[other]) { bump(counts[other], value); }
    }
  }
  if (failures !== 0) { return; }
  // A finding facet's value counts a record once if one finding would match with that facet's choice
  // set aside.
  for (const facet of c.findingIds) {
    const seen = new Set();
    for (const finding of record.findings) {
      if (findingMatch([finding], c.need, facet, true) === null) { continue; }
      for (const value of finding[facet]) { seen.add(value); }
    }
    for (const value of seen) { bump(counts[facet], value); }
  }
}

/* The count spans of the panel: {facet: {value: span}}. */
export function counterSpans(form, ids) {
  const spans = {};
  for (const facet of ids) {
    spans[facet] = {};
    form.querySelectorAll('fieldset[data-facet="' + facet + '"] [data-count]').forEach((span) => {
      spans[facet][span.dataset.count] = span;
    });
  }
  return spans;
}

/* Write the counts, touching only spans whose text changes. */
export function showCounts(spans, counts) {
  for (const facet of Object.keys(spans)) {
    for (const value of Object.keys(spans[facet])) {
      const text = String(counts[facet][value] || 0);
      const span = spans[facet][value];
      if (span.textContent !== text) { span.textContent = text; }
    }
  }
}
