/* The listing index (papers/listing-index.ndjson, written by the build): one line of JSON per paper,
   newest first, after a header line. A listing's page carries only its first cards; the filters, counts,
   table view and downloads work on these records instead. The text is parsed a slice of lines per task,
   so that even a large catalogue never holds the main thread for long. */
import { fold } from "./query.js";
import { parseFindings } from "./findings.js";

const LINES_PER_TASK = 150;
const loaded = new Map();  // address -> Promise of { header, records }

const nextTask = () => new Promise((resolve) => { window.setTimeout(resolve, 0); });

/* A record as match.js, counts.js and the views use it. `pageHarm` keeps, on a dimension page, only the
   findings about that page's harm. */
function toRecord(data, facetIds, pageHarm) {
  const tags = {};
  for (const facet of facetIds) { tags[facet] = facet === "venue" ? [data.v] : (data.t[facet] || []); }
  let text = null;
  let authors = null;
  let findings = null;
  return {
    key: data.k,
    year: data.y,
    tags,
    html: data.h,
    row: { title: data.r[0], author: data.r[1], venue: data.r[2], directions: data.r[3], year: data.y,
           key: data.k, tags: data.t },
    get findings() {
      if (findings === null) {
        findings = parseFindings(data.f).filter((finding) => !pageHarm || finding.harm === pageHarm);
      }
      return findings;
    },
    get authors() {
      if (authors === null) { authors = data.a.map(fold); }
      return authors;
    },
    get text() {
      if (text === null) { text = fold(data.x); }
      return text;
    },
    shown: true
  };
}

async function parse(text, facetIds, pageHarm) {
  const lines = text.split("\n");
  const header = JSON.parse(lines[0]);
  const records = [];
  for (let start = 1; start < lines.length; start += LINES_PER_TASK) {
    const end = Math.min(lines.length, start + LINES_PER_TASK);
    for (let i = start; i < end; i++) {
      if (!lines[i]) { continue; }
      const data = JSON.parse(lines[i]);
      if (!pageHarm || (data.t.harm || []).includes(pageHarm)) { records.push(toRecord(data, facetIds, pageHarm)); }
    }
    if (end < lines.length) { await nextTask(); }
  }
  return { header, records };
}

/* The index's records for this page (every paper on All papers; the dimension's papers on its page). */
export function loadIndex(address, facetIds, pageHarm) {
  const id = address + "|" + pageHarm;
  if (!loaded.has(id)) {
    const promise = fetch(address)
      .then((response) => {
        if (!response.ok) { throw new Error(address + ": " + response.status); }
        return response.text();
      })
      .then((text) => parse(text, facetIds, pageHarm));
    promise.catch(() => loaded.delete(id));  // a later attempt may succeed
    loaded.set(id, promise);
  }
  return loaded.get(id);
}
