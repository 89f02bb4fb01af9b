/* The table view of a listing (view=table in the address): one dense row per paper shown by the
   filters, sortable by year, venue and title. Rows come from the listing index's records (what a row
   shows, and the header's tag titles and links); the view follows the filters through form.catalogue
   and the "cat:applied" event (filters.js). */

var SHAPES = { worse: "\u25bc", mixed: "\u25c6", no_change: "\u25cf", better: "\u25b2" };
var WORDS = { worse: "worse", mixed: "mixed", no_change: "no change", better: "better" };
var COLUMNS = [["title", "Title"], ["authors", "Authors"], ["venue", "Venue"], ["year", "Year"],
               ["tags", "Tags"], ["found", "Found"]];
var SORTABLE = { title: true, venue: true, year: true };
var ROWS_PER_TASK = 40;
var TAGGED = ["harm", "compression"];

/* What a row shows, from the worker's row data and the index header's tag titles and links. */
function rowData(data, header) {
  var tags = [];
  TAGGED.forEach(function (vocabulary) {
    (data.tags[vocabulary] || []).forEach(function (id) {
      var known = (header.tags[vocabulary] || {})[id];
      if (known) { tags.push(known); }
    });
  });
  return {
    key: data.key,
    title: data.title,
    href: data.href,
    authors: data.author,
    venue: data.venue,
    year: data.year,
    tags: tags,
    directions: data.directions
  };
}

function cell(row, column) {
  var td = document.createElement(column === "title" ? "th" : "td");
  if (column === "title") {
    td.scope = "row";
    var a = document.createElement("a");
    a.href = row.href;
    a.textContent = row.title;
    td.appendChild(a);
  } else if (column === "tags") {
    row.tags.forEach(function (tag, index) {
      var a = document.createElement("a");
      a.href = tag[1];
      a.textContent = tag[0];
      if (index) { td.appendChild(document.createTextNode(" ")); }
      td.appendChild(a);
    });
  } else if (column === "found") {
    row.directions.forEach(function (direction) {
      var badge = document.createElement("span");
      badge.className = "cat-dir cat-dir--" + direction;
      badge.title = WORDS[direction];
      badge.innerHTML = '<span aria-hidden="true">' + SHAPES[direction] + '</span><span class="cat-visually-hidden">' +
        WORDS[direction] + ' </span>';
      td.appendChild(badge);
    });
  } else {
    td.textContent = row[column];
  }
  return td;
}

export function setUpTableView(form) {
  var container = document.getElementById("cat-results");
  var buttons = form.querySelectorAll(".cat-view__option");
  var sort = { key: "", descending: false };
  var table = null;
  var drawing = 0;  // the table being drawn; a newer one stops the batches of an older one

  function view() { return new URLSearchParams(location.search).get("view") === "table" ? "table" : "cards"; }

  function compare(a, b) {
    var x = a.row[sort.key];
    var y = b.row[sort.key];
    var order = typeof x === "number" ? x - y : String(x).localeCompare(String(y), undefined, { sensitivity: "base" });
    return sort.descending ? -order : order;
  }

  function header() {
    var head = document.createElement("thead");
    var tr = document.createElement("tr");
    COLUMNS.forEach(function (column) {
      var th = document.createElement("th");
      th.scope = "col";
      if (SORTABLE[column[0]]) {
        var button = document.createElement("button");
        button.type = "button";
        button.dataset.sort = column[0];
        button.textContent = column[1];
        th.setAttribute("aria-sort", sort.key === column[0] ? (sort.descending ? "descending" : "ascending") : "none");
        th.appendChild(button);
      } else {
        th.textContent = column[1];
      }
      tr.appendChild(th);
    });
    head.appendChild(tr);
    return head;
  }

  function render() {
    var listing = form.catalogue;
    var on = view() === "table";
    document.documentElement.classList.toggle("cat-view-table", on);
    buttons.forEach(function (button) { button.setAttribute("aria-pressed", String(button.dataset.view === view())); });
    if (!on || !listing) {
      if (table) { table.remove(); table = null; }
      return;
    }
    if (!listing.indexed) {  // the index is on its way; the filters announce it when it is applied
      listing.whenIndexed().catch(function () {});
      return;
    }
    if (!listing.rows) {  // the rows were not asked for with this state: ask again, the answer comes back here
      listing.refresh();
      return;
    }
    var shown = listing.rows.map(function (data) { return { row: rowData(data, listing.header) }; });
    if (sort.key) { shown.sort(compare); }
    var rows = listing.showAll ? shown : shown.slice(0, Math.max(listing.limit * 5, 500));
    var next = document.createElement("table");
    next.className = "cat-table";
    var caption = document.createElement("caption");
    caption.className = "cat-visually-hidden";
    caption.textContent = "Papers shown by the filters" + (sort.key ? ", sorted by " + sort.key : "");
    next.appendChild(caption);
    next.appendChild(header());
    var body = document.createElement("tbody");
    next.appendChild(body);
    if (table) { container.replaceChild(next, table); } else { container.appendChild(next); }
    table = next;
    // The first rows at once, the rest a batch per task: a long table never holds the main thread for long.
    var drawn = 0;
    var current = ++drawing;
    function batch() {
      if (current !== drawing) { return; }  // a newer table has replaced this one
      var end = Math.min(rows.length, drawn + ROWS_PER_TASK);
      var part = document.createDocumentFragment();
      for (; drawn < end; drawn++) {
        var tr = document.createElement("tr");
        tr.dataset.key = rows[drawn].row.key;
        COLUMNS.forEach(function (column) { tr.appendChild(cell(rows[drawn].row, column[0])); });
        part.appendChild(tr);
      }
      body.appendChild(part);
      if (drawn < rows.length) { window.setTimeout(batch, 0); } else { next.dataset.complete = "true"; }
    }
    batch();
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var params = new URLSearchParams(location.search);
      if (button.dataset.view === "table") { params.set("view", "table"); } else { params.delete("view"); }
      var search = params.toString().replace(/%2C/g, ",");
      history.pushState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
      render();
    });
  });
  container.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-sort]");
    if (!button) { return; }
    var key = button.dataset.sort;
    sort = { key: key, descending: sort.key === key ? !sort.descending : key === "year" };
    render();
    var again = container.querySelector('button[data-sort="' + key + '"]');
    if (again) { again.focus(); }
  });
  form.addEventListener("cat:applied", render);
  window.addEventListener("popstate", render);
  render();
  form.dataset.tableReady = "true";
}
