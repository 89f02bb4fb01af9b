/* The listing filters, wired together. The page carries its newest cards only; the listing index holds every
   paper's record in a worker (listing-index.js, listing-worker.js), loaded after the first paint, when the
   reader starts to filter, or at once when the address already asks for a filter or the table. On every
   change the worker judges the papers and counts the facets, the list is drawn (render-list.js) and the
   address follows (url-state.js). */
import { readTerms } from "./query.js";
import { counterSpans, showCounts } from "./counts.js";
import { addressPolicy, formState } from "./url-state.js";
import { listView } from "./render-list.js";
import { announce } from "./copy.js";
import { listingIndex } from "./listing-index.js";
import { drawChips, facetLabel } from "./chips.js";

const facetsOf = (form, level) =>
  Array.from(form.querySelectorAll('fieldset[data-facet][data-level="' + level + '"]'),
    (fieldset) => fieldset.dataset.facet);

/* Run `callback` once the page has loaded and the main thread is idle. */
function whenIdle(callback) {
  const idle = () => (window.requestIdleCallback ? window.requestIdleCallback(callback, { timeout: 4000 })
    : window.setTimeout(callback, 200));
  if (document.readyState === "complete") { idle(); } else { window.addEventListener("load", idle, { once: true }); }
}

export function setUpFilters(form) {
  const facetIds = facetsOf(form, "paper");
  const findingIds = facetsOf(form, "finding");
  const allIds = facetIds.concat(findingIds);
  const terms = readTerms(form);
  const pageHarm = form.dataset.harm || "";
  const total = parseInt(form.dataset.total || "0", 10);
  const first = parseInt(form.dataset.first || "0", 10);
  const limit = parseInt(form.dataset.limit || "25", 10);
  const container = document.getElementById("cat-list");
  const list = listView(form, container, total, first, limit);
  const spans = counterSpans(form, allIds);
  const controls = formState(form, allIds);
  const { years, query } = controls;
  const address = addressPolicy(controls.toUrl, controls.read);
  const index = listingIndex(form.dataset.index, { facetIds, findingIds, pageHarm, terms, limit });
  let showAll = false;
  let loaded = null;  // { header, total, pages } once the worker has the index
  let loading = null;
  let asked = 0;  // the newest state sent to the worker; older answers are dropped

  function isDefault(state) {
    return !state.text && !state.author && state.from === years[0] && state.to === years[years.length - 1] &&
      allIds.every((facet) => state.facets[facet].length === 0);
  }

  const tableWanted = () => new URLSearchParams(location.search).get("view") === "table";

  /* The active filters as removable chips, beside the count. */
  const chipList = form.querySelector(".cat-chips");
  function chips(state) {
    const items = [];
    const drop = (change) => () => {
      const next = controls.read();
      change(next);
      controls.write(next);
      changed(false);
      announce("Filter removed");
    };
    if (state.text) { items.push({ label: "Words: " + state.text, remove: drop((s) => { s.text = ""; }) }); }
    if (state.author) { items.push({ label: "Author: " + state.author, remove: drop((s) => { s.author = ""; }) }); }
    for (const facet of allIds) {
      for (const value of state.facets[facet]) {
        items.push({ label: facetLabel(form, facet, value),
                     remove: drop((s) => { s.facets[facet] = s.facets[facet].filter((v) => v !== value); }) });
      }
    }
    if (state.from !== years[0] || state.to !== years[years.length - 1]) {
      items.push({ label: "Years: " + (state.from === state.to ? state.from : state.from + "–" + state.to),
                   remove: drop((s) => { s.from = years[0]; s.to = years[years.length - 1]; }) });
    }
    drawChips(chipList, items);
  }

  function publish(state, answer) {
    chips(state);
    form.dataset.ready = "true";
    if (loaded !== null) { form.dataset.indexed = "true"; }
    document.documentElement.dataset.laidOut = "true";  // what is shown is drawn (the quality gates wait)
    // The table view and the downloads (table-view.js, downloads.js) follow the filter through this.
    form.catalogue = { shown: answer.shown, keys: answer.keys, rows: answer.rows, showAll, limit, state,
                       header: loaded && loaded.header, indexed: loaded !== null, whenIndexed,
                       refresh: () => apply(controls.read()) };
    form.dispatchEvent(new CustomEvent("cat:applied", { detail: form.catalogue }));
  }

  function apply(state) {
    if (loaded === null) {
      // Before the index: the page's own list is the unfiltered one; anything else waits for the index.
      if (isDefault(state) && !showAll) {
        list.showPage();
        publish(state, { shown: total, keys: null, rows: null });
      } else {
        whenIndexed().catch(() => {});
      }
      return;
    }
    const number = ++asked;
    const rows = tableWanted();
    form.setAttribute("aria-busy", "true");  // until the worker's answer is drawn
    index.apply(state, showAll, rows, list.known()).then((answer) => {
      if (number !== asked) { return; }  // a newer state is on its way
      if (isDefault(state) && !showAll) { list.showPage(); } else { list.render(answer.cards, answer.shown); }
      showCounts(spans, answer.counts);
      form.removeAttribute("aria-busy");
      publish(state, answer);
    }, () => {
      form.removeAttribute("aria-busy");
      announce("The list could not be filtered");
    });
  }

  /* The index, loaded once; the form's current state is applied when it arrives. */
  function whenIndexed() {
    if (loading === null) {
      form.setAttribute("aria-busy", "true");
      loading = index.load().then((result) => {
        loaded = result;
        apply(controls.read());  // publish() marks the form data-indexed once this answer is drawn
        return result;
      }, (error) => {
        loading = null;
        form.removeAttribute("aria-busy");
        announce("The list could not be filtered: the index did not load");
        throw error;
      });
    }
    return loading;
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
  // The reader is about to filter: have the index ready by the first keystroke or click.
  for (const name of ["focusin", "pointerdown"]) {
    form.addEventListener(name, () => { whenIndexed().catch(() => {}); }, { once: true });
  }
  list.more.addEventListener("click", () => {
    showAll = true;
    apply(controls.read());
    if (loaded !== null) { announce("Showing all matching papers"); }
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
  // An old link to a card of this listing (#key) whose card is not on this page: the paper's own page.
  const followAnchor = () => {
    const wanted = decodeURIComponent(location.hash.slice(1));
    if (!wanted || document.getElementById(wanted)) { return; }
    whenIndexed().then(({ pages }) => {
      if (Object.hasOwn(pages, wanted)) { location.replace(pages[wanted]); }
    }, () => {});
  };
  followAnchor();
  window.addEventListener("hashchange", followAnchor);
  const table = new URLSearchParams(location.search).get("view") === "table";
  if (table) { whenIndexed().catch(() => {}); } else { whenIdle(() => { whenIndexed().catch(() => {}); }); }
  // The facets stay folded, also for a link that chose some: the chips name them, and the papers come first.
  chips(start);
}
