/* "Download these": the papers a filtered listing shows, as BibTeX, RIS or CSL-JSON, in the listing's
   order, named after the filter (safety-quantization.bib): the section's download file in that format,
   cut down to the papers shown. (Cards no longer carry their BibTeX: cite.js fetches it on demand.) */

function save(name, text, type) {
  var link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: type }));
  link.download = name;
  document.body.appendChild(link);
  link.click();
  document.body.removeChild(link);
  window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
}

function slug(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/* The file's name: the page's dimension, then every chosen value, words and author. */
function fileName(form, state) {
  var parts = [form.dataset.harm || ""];
  Object.keys(state.facets).forEach(function (facet) { parts = parts.concat(state.facets[facet]); });
  parts.push(state.text, state.author);
  var years = Array.prototype.map.call(form.querySelector("#cat-year-from").options, function (o) { return o.value; });
  if (state.from !== years[0] || state.to !== years[years.length - 1]) {
    parts.push(state.from === state.to ? state.from : state.from + "-" + state.to);
  }
  var name = parts.map(slug).filter(Boolean).join("-").slice(0, 80).replace(/-+$/, "");
  return name || form.dataset.section || "papers";
}

function risRecords(text) {
  var found = {};
  text.split(/^ER {2}-.*$/m).forEach(function (block) {
    var match = /^ID {2}- (.+)$/m.exec(block);
    if (match) { found[match[1].trim()] = block.replace(/^\s+/, "") + "ER  - \n"; }
  });
  return found;
}

var FORMATS = {
  bib: { type: "application/x-bibtex", label: "BibTeX" },
  ris: { type: "application/x-research-info-systems", label: "RIS" },
  json: { type: "application/json", label: "CSL-JSON" }
};

/* The filters' state once the worker has answered it (its keys are the papers shown). */
function current(form) {
  if (form.catalogue && form.catalogue.keys) { return Promise.resolve(form.catalogue); }
  return new Promise(function (resolve, reject) {
    form.addEventListener("cat:applied", function answered(event) {
      if (!event.detail.keys) { return; }
      form.removeEventListener("cat:applied", answered);
      resolve(event.detail);
    });
    form.catalogue.whenIndexed().catch(reject);
  });
}

export function setUpDownloads(form) {
  var buttons = form.querySelectorAll("button.cat-download");
  form.addEventListener("cat:applied", function (event) {
    buttons.forEach(function (button) { button.disabled = event.detail.shown === 0; });
  });
  if (form.catalogue) { buttons.forEach(function (button) { button.disabled = form.catalogue.shown === 0; }); }
  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      current(form).then(download, function () {
        button.textContent = "." + button.dataset.format + " (unavailable)";
      });
    });
    function download(listing) {
      var keys = listing.keys;
      var format = button.dataset.format;
      var name = fileName(form, listing.state) + "." + format;
      var done = function () {
        var status = document.getElementById("cat-announce");
        if (status) { status.textContent = "Downloading " + keys.length + " papers as " + FORMATS[format].label; }
      };
      var url = form.dataset.downloads + (form.dataset.section || "all") + "." + format;
      fetch(url).then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.text();
      }).then(function (text) {
        var out;
        if (format === "bib") {
          var entries = {};
          text.split(/\n(?=@)/).forEach(function (entry) {
            var match = /^@\w+\{([^,\s]+),/.exec(entry.trim());
            if (match) { entries[match[1]] = entry.trim() + "\n"; }
          });
          out = keys.filter(function (key) { return entries[key]; })
            .map(function (key) { return entries[key]; }).join("\n");
        } else if (format === "json") {
          var items = {};
          JSON.parse(text).forEach(function (item) { items[item.id] = item; });
          out = JSON.stringify(keys.filter(function (key) { return items[key]; })
            .map(function (key) { return items[key]; }), null, 2) + "\n";
        } else {
          var records = risRecords(text);
          out = keys.filter(function (key) { return records[key]; })
            .map(function (key) { return records[key]; }).join("\n");
        }
        save(name, out, FORMATS[format].type);
        done();
      }).catch(function () { button.textContent = "." + format + " (unavailable)"; });
    }
  });
}
