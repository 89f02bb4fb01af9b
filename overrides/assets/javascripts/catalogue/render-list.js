/* The card list of a listing. Until the reader filters, the page's own cards stay as the build wrote them
   (the newest few, with the pager to the rest). A filtered list is drawn from the worker's answer: the first
   `limit` matching cards (all of them once the reader asks), under one heading per year; each card is made
   from the index's HTML once and kept. Also the count, the "Show all" button and the skip link's text. */

export function listView(form, container, total, first, limit) {
  const status = form.querySelector("#cat-count");
  const more = form.querySelector(".cat-more");
  const jump = form.querySelector(".cat-jump");
  const pager = container.parentElement.querySelector(".cat-pager");
  const original = Array.from(container.childNodes);  // the page's own cards and headings
  const made = new Map();  // key -> card element
  let showingOriginal = true;

  function cardOf(item) {
    let card = made.get(item.key);
    if (!card) {
      const template = document.createElement("template");
      template.innerHTML = item.html;  // our own build's escaped markup, same origin
      card = template.content.firstElementChild;
      made.set(item.key, card);
    }
    return card;
  }

  /* The keys of the cards made so far: the worker leaves their HTML out of its answers. */
  const known = () => Array.from(made.keys());

  function tell(shown, attached) {
    more.hidden = attached >= shown;
    more.textContent = "Show all " + shown + " matching papers";
    jump.textContent = "Go to the " + shown + (shown === 1 ? " result" : " results");
    status.innerHTML = "<strong>" + shown + "</strong> of " + total + " papers" +
      (attached < shown ? " (showing the " + (showingOriginal ? "newest " : "first ") + attached + ")" : "");
  }

  /* The unfiltered list: the page's own cards and the pager. */
  function showPage() {
    if (!showingOriginal) { container.replaceChildren(...original); }
    showingOriginal = true;
    if (pager) { pager.hidden = false; }
    tell(total, Math.min(total, first));
  }

  /* `cards` ({ key, year, html }, in listing order): the matching ones to draw, of `shown` in all. */
  function render(cards, shown) {
    const nodes = [];
    let year = null;
    let group = null;
    let attached = 0;
    for (const record of cards) {
      if (record.year !== year) {
        year = record.year;
        const heading = document.createElement("h2");
        heading.className = "cat-year";
        heading.textContent = String(year);
        group = document.createElement("div");
        group.className = "cat-cards";
        nodes.push(heading, group);
      }
      group.appendChild(cardOf(record));
      attached += 1;
    }
    container.replaceChildren(...nodes);
    showingOriginal = false;
    if (pager) { pager.hidden = true; }
    tell(shown, attached);
  }

  return { render, showPage, more, known };
}
