/* Long listings leave offscreen cards unlaid at first (content-visibility: auto, catalogue.css), which keeps
   the first paint cheap. Once the filters have kept the cards they show, those are laid out a few per frame
   (class cat-laid), so no single task is long and the page ends fully laid out, as axe and Lighthouse need
   to check every card; <html data-laid-out="true"> says when (the quality gates wait for it). */
const PER_FRAME = 6;

export function layOutCards() {
  const root = document.documentElement;
  // The table view hides the cards: nothing to lay out until the reader asks for cards (table-view.js).
  if (root.classList.contains("cat-view-table")) { root.dataset.laidOut = "true"; return; }
  const cards = Array.from(document.querySelectorAll(".cat-cards--long .cat-card:not(.cat-laid)"));
  let next = 0;
  function frame() {
    const end = Math.min(next + PER_FRAME, cards.length);
    for (; next < end; next++) { cards[next].classList.add("cat-laid"); }
    if (next < cards.length) { requestAnimationFrame(frame); } else { root.dataset.laidOut = "true"; }
  }
  root.dataset.laidOut = "false";
  requestAnimationFrame(frame);
}

/* A card attached later (a filter changed) is laid out at once, as it is shown. */
export function layOutNow(card) { card.classList.add("cat-laid"); }
