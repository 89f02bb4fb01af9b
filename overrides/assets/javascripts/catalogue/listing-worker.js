/* The listing index's worker: it fetches papers/listing-index.json, keeps every paper's record, and answers
   each filter state with the count, the facet counts and the first matching cards, so that neither parsing
   the index nor judging thousands of papers runs on the page's main thread (listing-index.js talks to it).
   The judging is the same code the page used before: match.js, counts.js, query.js, findings.js. */
import { fold } from "./query.js";
import { parseFindings } from "./findings.js";
import { criteria, judge } from "./match.js";
import { addCounts, emptyCounts } from "./counts.js";

let records = [];
let setup = null;

function toRecord(data, facetIds, pageHarm) {
  const tags = {};
  for (const facet of facetIds) { tags[facet] = facet === "venue" ? [data.v] : (data.t[facet] || []); }
  return {
    key: data.k,
    year: data.y,
    tags,
    html: data.h,
    anchor: data.n,
    page: data.u,
    row: { title: data.r[0], author: data.r[1], venue: data.r[2], directions: data.r[3], year: data.y,
           key: data.k, href: data.u, tags: { harm: data.t.harm || [], compression: data.t.compression || [] } },
    findings: parseFindings(data.f).filter((finding) => !pageHarm || finding.harm === pageHarm),
    authors: data.a.map(fold),
    text: fold(data.x),
    shown: true
  };
}

async function load(message) {
  setup = message;
  const response = await fetch(message.url);
  if (!response.ok) { throw new Error(message.url + ": " + response.status); }
  const index = await response.json();
  const header = index.header;
  records = [];
  for (const data of index.records) {
    if (!message.pageHarm || (data.t.harm || []).includes(message.pageHarm)) {
      records.push(toRecord(data, message.facetIds, message.pageHarm));
    }
  }
  // Each paper's own page by its anchor: an old link to a card (#anchor) not on this page goes there.
  const pages = {};
  for (const record of records) { pages[record.anchor] = record.page; }
  return { header, total: records.length, pages };
}

function apply(message) {
  const c = criteria(message.state, setup.terms, setup.facetIds, setup.findingIds);
  const counts = emptyCounts(setup.facetIds.concat(setup.findingIds));
  const shownKeys = [];
  const cards = [];
  const rows = [];
  const budget = message.showAll ? Infinity : setup.limit;
  const known = new Set(message.known);
  for (const record of records) {
    const verdict = judge(record, c);
    addCounts(counts, record, verdict, c);
    if (!verdict.visible) { continue; }
    shownKeys.push(record.key);
    if (cards.length < budget) { cards.push({ key: record.key, year: record.year, html: known.has(record.key) ? "" : record.html }); }
    if (message.rows) { rows.push(record.row); }
  }
  return { shown: shownKeys.length, counts, cards, keys: shownKeys, rows: message.rows ? rows : null };
}

self.addEventListener("message", (event) => {
  const message = event.data;
  const reply = (body) => self.postMessage({ id: message.id, ...body });
  try {
    if (message.type === "load") {
      load(message).then((result) => reply({ ok: true, ...result }), (error) => reply({ ok: false, error: String(error) }));
    } else if (message.type === "apply") {
      reply({ ok: true, ...apply(message) });
    }
  } catch (error) {
    reply({ ok: false, error: String(error) });
  }
});
