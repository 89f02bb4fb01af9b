/* The card list: which matching cards are in the document (at most `limit` unless the reader asked
   for all), the group headings, the "Show all" button, the count and the skip link's text. */
import { layOutNow } from "./lay-out.js";

/* `records` carry their card and, once judged, `shown`. */
export function listView(form, records, limit) {
  const status = form.querySelector("#cat-count");
  const more = form.querySelector(".cat-more");
  const jump = form.querySelector(".cat-jump");
  const total = records.length;
  if (total > limit) { document.body.classList.add("cat-long"); }

  const cardRecord = new Map();
  for (const record of records) { record.attached = true; cardRecord.set(record.card, record); }
  const groups = Array.from(document.querySelectorAll(".cat-cards"), (container) => {
    const heading = container.previousElementSibling;
    return {
      container,
      heading: heading && /^H[1-6]$/.test(heading.tagName) ? heading : null,
      records: Array.from(container.querySelectorAll("article.cat-card"), (card) => cardRecord.get(card)),
      shown: true
    };
  });

  /* Attach the first matching cards (in page order): the cost of a keystroke then depends on the limit,
     not on the size of the catalogue. */
  function attachCards(budget) {
    for (const group of groups) {
      let dirty = false;
      const keep = [];
      for (const item of group.records) {
        const attach = item.shown && budget > 0;
        if (attach) { keep.push(item.card); budget -= 1; }
        if (attach !== item.attached) {
          dirty = true;
          item.attached = attach;
          if (attach && started) { layOutNow(item.card); }
        }
      }
      // Filtered-out cards leave the document rather than being hidden one by one: the browser
      // then restyles only what stays.
      if (dirty) { group.container.replaceChildren(...keep); }
      const any = keep.length > 0;
      if (any !== group.shown) {
        group.shown = any;
        group.container.hidden = !any;
        if (group.heading) { group.heading.hidden = !any; }
      }
    }
  }

  let started = false;  // the first render leaves laying out to layOutCards (filters.js)

  /* Show the `shown` matching records (every record's `shown` is already set). */
  function render(shown, showAll) {
    attachCards(showAll ? Infinity : limit);
    started = true;
    const attached = showAll ? shown : Math.min(shown, limit);
    more.hidden = attached >= shown;
    more.textContent = "Show all " + shown + " matching papers";
    jump.textContent = "Go to the " + shown + (shown === 1 ? " result" : " results");
    status.innerHTML = "<strong>" + shown + "</strong> of " + total + " papers" +
      (attached < shown ? " (showing the first " + attached + ")" : "");
  }

  return { render, more };
}
