/* The table of every finding (findings/): filters, sorting and columns, kept in the address
   (?harm=safety,fairness&direction=worse&sort=-delta&cols=title,harm,delta), and a CSV of exactly the rows
   the filters match, written as the site's findings.csv writes them. Unfiltered, the page keeps its own first
   rows and its pager (every finding is reachable without scripts, and no long task redraws them); the index
   (findings-index.json) is fetched once the page is idle, and a filter, a sort or a column choice draws every
   matching row from it. */
import { drawChips, facetLabel } from "./chips.js";
import { announce } from "./copy.js";


/* A cell as the CSV writes it: lists joined by "; ", nothing for a missing value. */
export function cellText(value) {
  if (value === null || value === undefined) { return ""; }
  if (Array.isArray(value)) { return value.join("; "); }
  return String(value);
}

/* RFC 4180, as Python's csv module writes it (minimal quoting, CRLF). */
export function csvOf(columns, records) {
  const field = (text) => (/[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text);
  return [columns].concat(records.map((record) => columns.map((name) => cellText(record[name]))))
    .map((row) => row.map(field).join(",")).join("\r\n") + "\r\n";
}

/* Does a record pass every chosen facet? (Values of one facet: any; across facets: all.) */
export function matches(record, facets) {
  return Object.keys(facets).every((facet) => {
    const chosen = facets[facet];
    if (!chosen.length) { return true; }
    const values = Array.isArray(record[facet]) ? record[facet] : [record[facet]];
    return values.some((value) => chosen.includes(value));
  });
}

/* Sort by a column: numbers by value with the missing last, text by its words; ties keep the page order. */
export function sorted(records, sort, numeric) {
  if (!sort) { return records.slice(); }
  const descending = sort.startsWith("-");
  const column = descending ? sort.slice(1) : sort;
  const keyed = records.map((record, position) => ({ record, position, value: record[column] }));
  keyed.sort((a, b) => {
    const missingA = a.value === null || a.value === undefined || a.value === "" ||
      (Array.isArray(a.value) && !a.value.length);
    const missingB = b.value === null || b.value === undefined || b.value === "" ||
      (Array.isArray(b.value) && !b.value.length);
    if (missingA !== missingB) { return missingA ? 1 : -1; }
    let order = 0;
    if (!missingA) {
      order = numeric ? a.value - b.value
        : cellText(a.value).localeCompare(cellText(b.value), "en", { sensitivity: "base", numeric: true });
    }
    if (descending) { order = -order; }
    return order || a.position - b.position;
  });
  return keyed.map((item) => item.record);
}

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

export function setUpFindingsTable(form) {
  const table = document.getElementById("cat-ftable");
  const status = form.querySelector("#cat-ftable-count");
  const chipList = form.querySelector(".cat-chips");
  const facetIds = Array.from(form.querySelectorAll("fieldset[data-facet]"), (f) => f.dataset.facet);
  const columnBoxes = Array.from(form.querySelectorAll('input[name="cols"]'));
  const defaults = columnBoxes.filter((box) => box.defaultChecked).map((box) => box.value);
  let data = null;
  let loading = null;
  let sort = "";
  const original = { head: table.tHead.innerHTML, body: table.tBodies[0].innerHTML, caption: table.caption.textContent,
                     status: status.innerHTML };
  const pager = document.querySelector(".cat-pager");
  const csvButton = form.querySelector(".cat-ftable__csv");

  function read() {
    const facets = {};
    for (const facet of facetIds) {
      facets[facet] = Array.from(form.querySelectorAll('input[name="' + facet + '"]:checked'), (box) => box.value);
    }
    return { facets, sort, cols: columnBoxes.filter((box) => box.checked).map((box) => box.value) };
  }

  function write(state) {
    for (const facet of facetIds) {
      form.querySelectorAll('input[name="' + facet + '"]').forEach((box) => {
        box.checked = (state.facets[facet] || []).includes(box.value);
      });
    }
    columnBoxes.forEach((box) => { box.checked = state.cols.includes(box.value); });
    sort = state.sort;
  }

  function fromUrl() {
    const params = new URLSearchParams(location.search);
    const facets = {};
    for (const facet of facetIds) { facets[facet] = (params.get(facet) || "").split(",").filter(Boolean); }
    const known = columnBoxes.map((box) => box.value);
    const cols = (params.get("cols") || "").split(",").filter((id) => known.includes(id));
    const wanted = (params.get("sort") || "").replace(/^-/, "");
    return { facets, sort: known.includes(wanted) ? params.get("sort") : "", cols: cols.length ? cols : defaults };
  }

  function toUrl(state) {
    const params = new URLSearchParams();
    for (const facet of facetIds) { if (state.facets[facet].length) { params.set(facet, state.facets[facet].join(",")); } }
    if (state.sort) { params.set("sort", state.sort); }
    if (state.cols.join(",") !== defaults.join(",")) { params.set("cols", state.cols.join(",")); }
    const search = params.toString().replace(/%2C/g, ",");
    return location.pathname + (search ? "?" + search : "");
  }

  const isDefault = (state) => !state.sort && facetIds.every((f) => !state.facets[f].length) &&
    state.cols.join(",") === defaults.join(",");

  function records() {
    return data.rows.map((row) => Object.fromEntries(data.fields.map((name, i) => [name, row[i]])));
  }

  function cell(record, column) {
    const titles = data.header.titles;
    if (column === "title") {
      return '<td><a href="' + escapeHtml(record.href) + '">' + escapeHtml(record.title) + "</a></td>";
    }
    if (column === "direction") {
      const role = record.role !== "effect" ? ' <span class="cat-role">(' + escapeHtml(record.role) + ")</span>" : "";
      return '<td><span class="cat-dir cat-dir--' + escapeHtml(record.direction) + '">' +
        escapeHtml(titles.direction[record.direction] || record.direction) + "</span>" + role + "</td>";
    }
    const names = titles[column];
    const value = record[column];
    if (names) {  // values with titles (harm, method, band, ...): one title per value
      const values = Array.isArray(value) ? value : [value];
      return "<td>" + escapeHtml(values.map((v) => (names && names[v]) || v || "").join("; ")) + "</td>";
    }
    return "<td>" + escapeHtml(cellText(value)) + "</td>";
  }

  function shownRecords(state) {
    const numeric = (data.header.columns.find((c) => c.id === state.sort.replace(/^-/, "")) || {}).numeric;
    return sorted(records().filter((record) => matches(record, state.facets)), state.sort, numeric);
  }

  /* The sort buttons of the header (the page's own header, or one drawn for chosen columns). */
  function headButtons(state) {
    table.tHead.querySelectorAll("th[data-column]").forEach((th) => {
      const column = th.dataset.column;
      const active = state.sort.replace(/^-/, "") === column;
      const order = active ? (state.sort.startsWith("-") ? "descending" : "ascending") : "";
      const title = th.dataset.title || th.textContent.trim();
      th.dataset.title = title;
      if (order) { th.setAttribute("aria-sort", order); } else { th.removeAttribute("aria-sort"); }
      th.innerHTML = '<button type="button" data-sort="' + column + '">' + escapeHtml(title) +
        (order ? (order === "ascending" ? " ↑" : " ↓") : "") + "</button>";
    });
  }

  function finish(state, shown) {
    csvButton.textContent = "Download the " + shown + " matching rows as CSV";
    chips(state);
    form.dataset.indexed = "true";
    form.removeAttribute("aria-busy");
  }

  /* Unfiltered: the page's own rows and pager, as the build wrote them. */
  function restore(state) {
    table.tHead.innerHTML = original.head;
    table.tBodies[0].innerHTML = original.body;
    table.caption.textContent = original.caption;
    status.innerHTML = original.status;
    if (pager) { pager.hidden = false; }
    headButtons(state);
  }

  function draw(state) {
    if (isDefault(state)) {
      restore(state);
      finish(state, data.rows.length);
      return;
    }
    const shown = shownRecords(state);
    const columns = data.header.columns.filter((column) => state.cols.includes(column.id));
    table.tHead.innerHTML = "<tr>" + columns.map((column) => '<th scope="col" data-column="' + column.id +
      '" data-title="' + escapeHtml(column.title) + '"></th>').join("") + "</tr>";
    headButtons(state);
    table.tBodies[0].innerHTML = shown.map((record) =>
      "<tr>" + columns.map((column) => cell(record, column.id)).join("") + "</tr>").join("");
    table.caption.textContent = "Findings shown: " + shown.length + " of " + data.rows.length;
    status.innerHTML = "<strong>" + shown.length + "</strong> of " + data.rows.length + " findings";
    if (pager) { pager.hidden = true; }
    finish(state, shown.length);
  }

  function chips(state) {
    const items = [];
    for (const facet of facetIds) {
      for (const value of state.facets[facet]) {
        items.push({ label: facetLabel(form, facet, value), remove: () => {
          const next = read();
          next.facets[facet] = next.facets[facet].filter((v) => v !== value);
          write(next); changed(); announce("Filter removed");
        } });
      }
    }
    drawChips(chipList, items);
  }

  function load() {
    if (loading === null) {
      form.setAttribute("aria-busy", "true");
      loading = fetch(form.dataset.index).then((response) => {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      }).then((index) => { data = index; draw(read()); }, (error) => {
        form.removeAttribute("aria-busy");
        announce("The table could not be filtered: its index did not load");
        loading = null;
        throw error;
      });
    }
    return loading;
  }

  function apply(state) {
    if (data) { draw(state); } else { chips(state); load().catch(() => {}); }
  }

  function changed() {
    const state = read();
    apply(state);
    const url = toUrl(state);
    if (url !== location.pathname + location.search) { history.pushState(null, "", url); }
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); });
  form.addEventListener("change", changed);
  table.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-sort]");
    if (!button) { return; }
    const column = button.dataset.sort;
    sort = sort === column ? "-" + column : sort === "-" + column ? "" : column;
    changed();
    announce(sort ? "Sorted by " + button.textContent.replace(/ [↑↓]$/, "") +
      (sort.startsWith("-") ? ", descending" : ", ascending") : "Back to the page order");
  });
  form.querySelector(".cat-clear").addEventListener("click", () => {
    write({ facets: {}, sort: "", cols: defaults });
    changed();
    announce("All filters cleared");
  });
  csvButton.addEventListener("click", () => {
    load().then(() => {
      const state = read();
      const text = csvOf(data.header.csv, shownRecords(state));
      const link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
      const parts = facetIds.flatMap((facet) => state.facets[facet]);
      link.download = "findings" + (parts.length ? "-" + parts.join("-") : "") + ".csv";
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => { URL.revokeObjectURL(link.href); }, 1000);
    }, () => {});
  });
  window.addEventListener("popstate", () => { write(fromUrl()); apply(read()); });

  write(fromUrl());
  const start = read();
  chips(start);
  headButtons(start);
  if (!isDefault(start)) {
    load().catch(() => {});
  } else {
    const idle = () => (window.requestIdleCallback ? window.requestIdleCallback(() => load().catch(() => {}), { timeout: 4000 })
      : window.setTimeout(() => load().catch(() => {}), 200));
    if (document.readyState === "complete") { idle(); } else { window.addEventListener("load", idle, { once: true }); }
  }
}
