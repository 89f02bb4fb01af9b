/* The listing filters, wired together: read each card once into a record, and on every change judge
   the records (match.js), count the facets (counts.js), show the list (render-list.js) and let the
   address follow (url-state.js). Only cards whose visibility changes are touched, so a keystroke stays
   cheap on large listings. */
import { fold, readTerms } from "./query.js";
import { readFindings } from "./findings.js";
import { criteria, judge } from "./match.js";
import { addCounts, counterSpans, emptyCounts, showCounts } from "./counts.js";
import { addressPolicy, formState } from "./url-state.js";
import { listView } from "./render-list.js";
import { announce } from "./copy.js";
import { layOutCards } from "./lay-out.js";

const facetsOf = (form, level) =>
  Array.from(form.querySelectorAll('fieldset[data-facet][data-level="' + level + '"]'),
    (fieldset) => fieldset.dataset.facet);

/* What the filters need of a card, from the data-* attributes and text the build wrote. A paper's
   findings on a dimension page are only those about that page's harm. */
function readRecord(card, facetIds, pageHarm) {
  const tags = {};
  for (const facet of facetIds) { tags[facet] = (card.dataset[facet] || "").split(" ").filter(Boolean); }
  const part = (selector) => {
    const element = card.querySelector(selector);
    return element ? element.textContent : "";
  };
  let authors = null;
  let text = null;
  return {
    card,
    year: parseInt(card.dataset.year, 10),
    tags,
    findings: readFindings(card).filter((finding) => !pageHarm || finding.harm === pageHarm),
    // Read on first use (the first word or author filter), not while the page starts.
    get authors() {
      if (authors === null) {
        authors = Array.from(card.querySelectorAll(".cat-card__authors a"), (link) => fold(link.textContent));
      }
      return authors;
    },
    get text() {
      if (text === null) {
        text = fold([part(".cat-card__title"), part(".cat-card__authors"), part(".cat-card__venue"),
                     part(".cat-card__venue") && card.querySelector(".cat-card__venue").title,
                     part(".cat-card__summary")].join(" "));
      }
      return text;
    },
    shown: true
  };
}

/* Read every record's words and authors in idle moments after the start, a few at a time, so that neither
   the start nor the first keystroke pays for all of them at once. */
function readWordsWhenIdle(records) {
  const idle = window.requestIdleCallback || ((callback) => window.setTimeout(
    () => callback({ timeRemaining: () => 8 }), 50));
  let next = 0;
  const step = (deadline) => {
    while (next < records.length && deadline.timeRemaining() > 2) {
      const record = records[next++];
      void record.text;  // reading the getters fills their cache
      void record.authors;
    }
    if (next < records.length) { idle(step); }
  };
  idle(step);
}

export function setUpFilters(form) {
  const facetIds = facetsOf(form, "paper");
  const findingIds = facetsOf(form, "finding");
  const allIds = facetIds.concat(findingIds);
  const terms = readTerms(form);
  const pageHarm = form.dataset.harm || "";
  const records = Array.from(document.querySelectorAll("article.cat-card"),
    (card) => readRecord(card, facetIds, pageHarm));
  const limit = parseInt(form.dataset.limit || "100", 10);
  const list = listView(form, records, limit);
  const spans = counterSpans(form, allIds);
  const controls = formState(form, allIds);
  const { years, query } = controls;
  const address = addressPolicy(controls.toUrl, controls.read);
  let showAll = false;

  function apply(state) {
    const c = criteria(state, terms, facetIds, findingIds);
    const counts = emptyCounts(allIds);
    let shown = 0;
    for (const record of records) {
      const verdict = judge(record, c);
      addCounts(counts, record, verdict, c);
      if (verdict.visible) { shown += 1; }
      record.shown = verdict.visible;
    }
    list.render(shown, showAll);
    showCounts(spans, counts);
    // The table view and the downloads (table-view.js, downloads.js) follow the filter through this.
    form.catalogue = { records, shown, showAll, limit, state };
    form.dispatchEvent(new CustomEvent("cat:applied", { detail: form.catalogue }));
  }

  function changed(fromTyping) {
    showAll = false;
    const state = controls.read();
    apply(state);
    address.follow(state, fromTyping);
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); });
  form.addEventListener("change", (event) => {
    if (event.target !== query) { changed(false); }
  });
  query.addEventListener("input", () => { changed(true); });
  list.more.addEventListener("click", () => {
    showAll = true;
    apply(controls.read());
    announce("Showing all matching papers");
  });
  controls.authorNote.querySelector("button").addEventListener("click", () => {
    controls.write({ ...controls.read(), author: "" });
    changed(false);
    announce("Papers by every author");
  });
  form.querySelector(".cat-clear").addEventListener("click", () => {
    controls.write({ text: "", from: years[0], to: years[years.length - 1], author: "", facets: {} });
    changed(false);
    announce("All filters cleared");
  });
  window.addEventListener("popstate", () => {
    showAll = false;
    controls.write(controls.fromUrl());
    apply(controls.read());
  });

  // Values a link names but this page lacks are dropped by going through the form.
  controls.write(controls.fromUrl());
  const start = controls.read();
  apply(start);
  // The facets stay folded so that the papers come first; a link that chose some opens them.
  const narrowed = start.from !== years[0] || start.to !== years[years.length - 1] ||
    allIds.some((facet) => start.facets[facet].length > 0);
  const details = form.querySelector("details.cat-filters__more");
  if (details && narrowed) { details.open = true; }
  form.dataset.ready = "true";
  layOutCards();
  readWordsWhenIdle(records);
}
