/* A card's citation, on demand: the APA reference and the BibTeX are on the paper's own page
   (details.cat-cite[data-cite] names it), fetched once when the Cite control opens, a copy button is
   used, or the pointer or focus comes near, then shown in the control. Paper pages carry theirs inline. */

const pending = new Map();  // page address -> Promise of { apa, bib } (one fetch per paper)

/* Parse the paper page and move its two blocks into the card's control. Same-origin HTML of our own
   build, parsed inert by DOMParser: nothing in it runs. */
function fill(details, html) {
  const page = new DOMParser().parseFromString(html, "text/html");
  const bib = page.querySelector("pre.cat-cite__bib");
  if (!bib) { throw new Error("no citation on " + details.dataset.cite); }
  const apa = page.querySelector(".cat-cite__apa-text");
  const away = details.querySelector(".cat-cite__away");
  const blocks = [];
  if (apa) {
    const paragraph = document.createElement("p");
    paragraph.className = "cat-cite__apa";
    const label = document.createElement("span");
    label.className = "cat-cite__label";
    label.textContent = "APA";
    paragraph.append(label, " ", document.importNode(apa, true));
    blocks.push(paragraph);
  }
  blocks.push(document.importNode(bib, true));
  if (away) { away.replaceWith(...blocks); } else { details.append(...blocks); }
  return { apa: apa ? apa.textContent.trim() : "", bib: bib.textContent };
}

/* The citation of the card `article` belongs to: from its own blocks when present (paper pages,
   and cards already loaded), else from the paper's page. */
export function citationOf(article) {
  const bib = article.querySelector("pre.cat-cite__bib");
  if (bib) {
    const apa = article.querySelector(".cat-cite__apa-text");
    return Promise.resolve({ apa: apa ? apa.textContent.trim() : "", bib: bib.textContent });
  }
  const details = article.querySelector("details.cat-cite[data-cite]");
  if (!details) { return Promise.reject(new Error("no citation")); }
  const address = details.dataset.cite;
  if (!pending.has(address)) {
    const loading = fetch(address)
      .then((response) => {
        if (!response.ok) { throw new Error(address + ": " + response.status); }
        return response.text();
      })
      .then((html) => fill(details, html));
    loading.catch(() => pending.delete(address));  // a later attempt may succeed
    pending.set(address, loading);
  }
  return pending.get(address);
}

/* One listener each for the whole document, so cards drawn later (filtered lists) are served too. */
export function setUpCiteControls() {
  const started = new WeakSet();
  const load = (details) => {
    if (!details || started.has(details)) { return; }
    started.add(details);
    citationOf(details.closest("article")).catch(() => { started.delete(details); });
  };
  document.addEventListener("toggle", (event) => {
    const details = event.target;
    if (details.matches && details.matches("details.cat-cite[data-cite]") && details.open) { load(details); }
  }, true);
  const near = (event) => {
    const row = event.target.closest && event.target.closest(".cat-cite-row");
    if (row) { load(row.querySelector("details.cat-cite[data-cite]")); }
  };
  document.addEventListener("pointerover", near);
  document.addEventListener("focusin", near);
}
