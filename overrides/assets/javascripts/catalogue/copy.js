/* Copying to the clipboard: the "Copy link" buttons of the cards, Copy BibTeX and Copy APA on cards and
   paper pages, and the status region (announce) that tells screen readers what happened. */

import { citationOf } from "./cite.js";

/* Say `text` in a polite live region, made on first use. It is emptied first and filled a moment later
   so that the same message twice is read twice. */
export function announce(text) {
  let region = document.getElementById("cat-announce");
  if (!region) {
    region = document.createElement("p");
    region.id = "cat-announce";
    region.className = "cat-visually-hidden";
    region.setAttribute("role", "status");
    document.body.appendChild(region);
  }
  region.textContent = "";
  window.setTimeout(() => { region.textContent = text; }, 30);
}

/* The Clipboard API only exists in secure contexts; elsewhere (a plain-http preview) fall back to a
   hidden textarea and execCommand. */
export function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  return new Promise((resolve, reject) => {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const ok = document.execCommand("copy");
    document.body.removeChild(area);
    if (ok) { resolve(); } else { reject(new Error("copy failed")); }
  });
}

/* One listener for the document, so cards drawn later (filtered lists) are served too. A card's link is
   its paper's own page when the card names one (listings show only some cards), else this page's anchor. */
export function setUpCopyButtons() {
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button.cat-copy");
    if (!button) { return; }
    const article = button.closest("article");
    const title = article && article.querySelector(".cat-card__title a");
    const url = title ? new URL(title.getAttribute("href"), location.href).href
      : location.origin + location.pathname + "#" + button.dataset.anchor;
    copyText(url).then(() => {
      button.textContent = "Link copied";
      announce("Link copied to the clipboard");
      window.setTimeout(() => { button.textContent = "Copy link"; }, 2000);
    }, () => {
      announce("Could not copy the link");
    });
  });
}

const CITE_BUTTONS = [["button.cat-copy-bib", "bib", "BibTeX"], ["button.cat-copy-apa", "apa", "APA"]];

/* Each copies its own paper's citation (cite.js fetches a card's from the paper's page the first time):
   BibTeX as it stands, APA as plain text. */
export function setUpCiteButtons() {
  document.addEventListener("click", (event) => {
    for (const [selector, part, kind] of CITE_BUTTONS) {
      const button = event.target.closest && event.target.closest(selector);
      if (!button) { continue; }
      if (!button.dataset.label) { button.dataset.label = button.textContent; }
      citationOf(button.closest("article")).then((citation) => copyText(citation[part])).then(() => {
        button.textContent = kind + " copied";
        announce(kind + " copied to the clipboard");
        window.setTimeout(() => { button.textContent = button.dataset.label; }, 2000);
      }, () => {
        announce("Could not copy the " + kind);
      });
    }
  });
}
