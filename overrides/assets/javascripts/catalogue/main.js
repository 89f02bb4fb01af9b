/* The catalogue's script, loaded on every page as a module (deferred by nature): the copy and cite
   buttons everywhere; on a listing, the filters, then the table view and the filtered downloads, which
   follow the filters through form.catalogue and the "cat:applied" event; and a fix for Material's toggles. */
import { setUpCiteControls } from "./cite.js";
import { setUpCiteButtons, setUpCopyButtons } from "./copy.js";
import { setUpDownloads } from "./downloads.js";
import { setUpFilters } from "./filters.js";
import { setUpFindingsTable } from "./findings-table.js";
import { setUpTableView } from "./table-view.js";

function start() {
  setUpCopyButtons();
  setUpCiteButtons();
  setUpCiteControls();
  const findings = document.querySelector("form.cat-ftable__controls");
  if (findings) { setUpFindingsTable(findings); }
  const form = document.querySelector("form.cat-filters");
  if (form) {
    setUpFilters(form);  // first: the other two read the state it sets
    // Each in a task of its own: one long start-up task would block input longer (total blocking time).
    window.setTimeout(() => {
      setUpTableView(form);
      window.setTimeout(() => { setUpDownloads(form); });
    });
  }
}

// Material marks its drawer and search toggles autocomplete="off" so that Back or a reload does not
// restore them checked; the attribute is invalid on a checkbox and overrides/hooks/material_markup.py
// removes it. Chromium restores form state after this script has run, by the time of "pageshow",
// so a toggle checked then was restored and is cleared; except search on an address with ?q=,
// which Material opens itself. Pages kept whole in the back/forward cache (event.persisted) keep
// their state, as they did before.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) { return; }
  const asked = new URLSearchParams(location.search).has("q");
  document.querySelectorAll("input.md-toggle[type=checkbox]").forEach((toggle) => {
    if (toggle.checked && !(asked && toggle.id === "__search")) {
      toggle.checked = false;
      toggle.dispatchEvent(new Event("change"));
    }
  });
});

// A module runs once the document is parsed; the check only matters if it is ever loaded async.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
