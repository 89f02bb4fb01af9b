/* Listing filters, copy-link and cite buttons (the table view and filtered downloads are in
   catalogue-table.js and catalogue-save.js). No framework: reads the cards' data-* attributes that the
   build emits, keeps the filter state in the query string (shareable, Back/Forward), and only
   touches cards whose visibility changes, so a keystroke stays cheap on large listings. */
(function () {
  "use strict";

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function announce(text) {
    var region = document.getElementById("cat-announce");
    if (!region) {
      region = document.createElement("p");
      region.id = "cat-announce";
      region.className = "cat-visually-hidden";
      region.setAttribute("role", "status");
      document.body.appendChild(region);
    }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 30);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand("copy");
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error("copy failed")); }
    });
  }

  function setUpCopyButtons() {
    document.querySelectorAll("button.cat-copy").forEach(function (button) {
      button.addEventListener("click", function () {
        var url = location.origin + location.pathname + "#" + button.dataset.anchor;
        copyText(url).then(function () {
          button.textContent = "Link copied";
          announce("Link copied to the clipboard");
          window.setTimeout(function () { button.textContent = "Copy link"; }, 2000);
        }, function () {
          announce("Could not copy the link");
        });
      });
    });
  }

  /* Copy BibTeX and Copy APA, on cards and paper pages: each copies the text of its own paper's block. */
  function setUpCiteButtons() {
    [["button.cat-copy-bib", ".cat-cite__bib", "BibTeX"], ["button.cat-copy-apa", ".cat-cite__apa-text", "APA"]]
      .forEach(function (kind) {
        document.querySelectorAll(kind[0]).forEach(function (button) {
          var label = button.textContent;
          button.addEventListener("click", function () {
            var block = button.closest("article").querySelector(kind[1]);
            copyText(kind[2] === "BibTeX" ? block.textContent : block.textContent.trim()).then(function () {
              button.textContent = kind[2] + " copied";
              announce(kind[2] + " copied to the clipboard");
              window.setTimeout(function () { button.textContent = label; }, 2000);
            }, function () {
              announce("Could not copy the " + kind[2]);
            });
          });
        });
      });
  }

  /* The query normaliser. The rules and method aliases come from the build (plugins/catalogue/normalise.py
     writes them as JSON into the form), so the filter box reads "4bit", "int4" and "W4A16" exactly as the
     data checks and site search do: as the 4-bit band. */
  function readTerms(form) {
    var node = form.querySelector("script.cat-terms");
    var table = { rules: [], aliases: {} };
    try { if (node) { table = JSON.parse(node.textContent); } } catch (error) { /* plain words only */ }
    return table;
  }

  var TESTS = {
    le: function (value, limit) { return value <= limit; },
    lt: function (value, limit) { return value < limit; },
    eq: function (value, limit) { return value === limit; },
    "else": function () { return true; }
  };

  /* A number's band from the build's steps (normalise.BIT_STEPS, PERCENT_STEPS); an N:M pattern is N:M. */
  function ruleBand(table, kind, value) {
    var steps = (table.steps || {})[kind];
    if (!steps) { return "sparsity-nm"; }
    var number = parseFloat(value);
    for (var i = 0; i < steps.length; i++) {
      if (TESTS[steps[i][0]](number, steps[i][1])) { return steps[i][2]; }
    }
    return "other";
  }

  function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

  function parseQuery(text, table) {
    var rest = " " + text.toLowerCase() + " ";
    var methods = [];
    Object.keys(table.aliases).forEach(function (alias) {  // longest first, as the build sorted them
      var pattern = new RegExp("(?<![\\w#.])" + escapeRegExp(alias) + "(?![\\w#])", "g");
      if (pattern.test(rest)) {
        if (methods.indexOf(table.aliases[alias]) < 0) { methods.push(table.aliases[alias]); }
        rest = rest.replace(pattern, " ");
      }
    });
    var bands = [];
    table.rules.forEach(function (rule) {
      rest = rest.replace(new RegExp(rule[0], "g"), function (match, number) {
        var found = ruleBand(table, rule[1], number);
        if (bands.indexOf(found) < 0) { bands.push(found); }
        return " ";
      });
    });
    return { bands: bands, methods: methods, words: fold(rest).split(/\s+/).filter(Boolean) };
  }

  function readFindings(card) {
    return (card.dataset.findings || "").split(";").filter(Boolean).map(function (text) {
      var part = text.split("|");
      var list = function (value) { return (value || "").split(",").filter(Boolean); };
      return { harm: part[0], compression: part[1], direction: [part[2]], method: list(part[3]),
               band: list(part[4]), benchmark: list(part[5]), role: [part[6] || "effect"] };
    });
  }

  function setUpFilters(form) {
    var facetIds = Array.prototype.map.call(form.querySelectorAll('fieldset[data-facet][data-level="paper"]'),
      function (fieldset) { return fieldset.dataset.facet; });
    var findingIds = Array.prototype.map.call(form.querySelectorAll('fieldset[data-facet][data-level="finding"]'),
      function (fieldset) { return fieldset.dataset.facet; });
    var allIds = facetIds.concat(findingIds);
    var terms = readTerms(form);
    var pageHarm = form.dataset.harm || "";
    var records = Array.prototype.map.call(document.querySelectorAll("article.cat-card"), function (card) {
      var tags = {};
      facetIds.forEach(function (facet) {
        tags[facet] = (card.dataset[facet] || "").split(" ").filter(Boolean);
      });
      var part = function (selector) {
        var element = card.querySelector(selector);
        return element ? element.textContent : "";
      };
      return {
        card: card,
        year: parseInt(card.dataset.year, 10),
        tags: tags,
        findings: readFindings(card).filter(function (finding) { return !pageHarm || finding.harm === pageHarm; }),
        authors: Array.prototype.map.call(card.querySelectorAll(".cat-card__authors a"),
          function (link) { return fold(link.textContent); }),
        text: fold([part(".cat-card__title"), part(".cat-card__authors"), part(".cat-card__venue"),
                    part(".cat-card__venue") && card.querySelector(".cat-card__venue").title,
                    part(".cat-card__summary")].join(" ")),
        shown: true
      };
    });
    var groups = Array.prototype.map.call(document.querySelectorAll(".cat-cards"), function (container) {
      var heading = container.previousElementSibling;
      return {
        container: container,
        heading: heading && /^H[1-6]$/.test(heading.tagName) ? heading : null,
        cards: Array.prototype.slice.call(container.querySelectorAll("article.cat-card")),
        records: [],
        shown: true
      };
    });
    var cardRecord = new Map();
    records.forEach(function (record) { record.attached = true; cardRecord.set(record.card, record); });
    groups.forEach(function (group) {
      group.records = group.cards.map(function (card) { return cardRecord.get(card); });
    });
    var query = form.querySelector("#cat-q");
    var from = form.querySelector("#cat-year-from");
    var to = form.querySelector("#cat-year-to");
    var status = form.querySelector("#cat-count");
    var counters = {};
    allIds.forEach(function (facet) {
      counters[facet] = {};
      form.querySelectorAll('fieldset[data-facet="' + facet + '"] [data-count]').forEach(function (span) {
        counters[facet][span.dataset.count] = span;
      });
    });
    var years = Array.prototype.map.call(from.options, function (option) { return option.value; });
    var total = records.length;
    var lastTyping = 0;
    var LIMIT = parseInt(form.dataset.limit || "100", 10);
    var showAll = false;
    if (records.length > LIMIT) { document.body.classList.add("cat-long"); }
    var more = form.querySelector(".cat-more");
    var jump = form.querySelector(".cat-jump");
    var authorName = "";
    var authorNote = form.querySelector(".cat-filters__author");

    function readForm() {
      var state = { text: query.value.trim(), from: from.value, to: to.value, author: authorName, facets: {} };
      allIds.forEach(function (facet) {
        state.facets[facet] = Array.prototype.filter.call(
          form.querySelectorAll('input[name="' + facet + '"]'), function (box) { return box.checked; }
        ).map(function (box) { return box.value; });
      });
      return state;
    }

    function writeForm(state) {
      query.value = state.text;
      authorName = state.author || "";
      authorNote.hidden = !authorName;
      authorNote.querySelector("strong").textContent = authorName;
      from.value = years.indexOf(state.from) >= 0 ? state.from : years[0];
      to.value = years.indexOf(state.to) >= 0 ? state.to : years[years.length - 1];
      allIds.forEach(function (facet) {
        var chosen = state.facets[facet] || [];
        form.querySelectorAll('input[name="' + facet + '"]').forEach(function (box) {
          box.checked = chosen.indexOf(box.value) >= 0;
        });
      });
    }

    function fromUrl() {
      var params = new URLSearchParams(location.search);
      var state = { text: params.get("text") || "", from: params.get("from") || years[0],
                    to: params.get("to") || years[years.length - 1], author: params.get("author") || "",
                    facets: {} };
      allIds.forEach(function (facet) {
        var raw = params.get(facet);
        state.facets[facet] = raw ? raw.split(",").filter(Boolean) : [];
      });
      return state;
    }

    function toUrl(state) {
      var params = new URLSearchParams();
      if (state.text) { params.set("text", state.text); }
      if (state.author) { params.set("author", state.author); }
      allIds.forEach(function (facet) {
        if (state.facets[facet].length) { params.set(facet, state.facets[facet].join(",")); }
      });
      if (state.from !== years[0]) { params.set("from", state.from); }
      if (state.to !== years[years.length - 1]) { params.set("to", state.to); }
      var view = new URLSearchParams(location.search).get("view");  // the view's own (catalogue-table.js)
      if (view) { params.set("view", view); }
      var search = params.toString().replace(/%2C/g, ",");
      return location.pathname + (search ? "?" + search : "") + location.hash;
    }

    /* Does one of the record's findings satisfy every chosen finding facet (except `skip`), the bands and
       methods the query names, and the chosen compression families? */
    function findingMatch(record, need, skip, withCompression) {
      for (var i = 0; i < record.findings.length; i++) {
        var finding = record.findings[i];
        var ok = true;
        for (var f = 0; ok && f < findingIds.length; f++) {
          var facet = findingIds[f];
          if (facet === skip || !need.facets[facet].size) { continue; }
          ok = finding[facet].some(function (value) { return need.facets[facet].has(value); });
        }
        for (var b = 0; ok && b < need.bands.length; b++) { ok = finding.band.indexOf(need.bands[b]) >= 0; }
        for (var m = 0; ok && m < need.methods.length; m++) { ok = finding.method.indexOf(need.methods[m]) >= 0; }
        if (ok && withCompression && need.compression.size) { ok = need.compression.has(finding.compression); }
        if (ok) { return finding; }
      }
      return null;
    }

    function apply(state) {
      var parsed = parseQuery(state.text, terms);
      var words = parsed.words;
      var author = fold(state.author || "");
      var low = parseInt(state.from, 10);
      var high = parseInt(state.to, 10);
      if (low > high) { var swap = low; low = high; high = swap; }
      var chosen = {};
      allIds.forEach(function (facet) { chosen[facet] = new Set(state.facets[facet]); });
      var need = { facets: chosen, bands: parsed.bands, methods: parsed.methods,
                   compression: chosen.compression || new Set() };
      var findingActive = parsed.bands.length > 0 || parsed.methods.length > 0 ||
        findingIds.some(function (facet) { return chosen[facet].size > 0; });
      var counts = {};
      allIds.forEach(function (facet) { counts[facet] = {}; });
      var shown = 0;
      for (var i = 0; i < records.length; i++) {
        var record = records[i];
        var base = record.year >= low && record.year <= high &&
          (!author || record.authors.indexOf(author) >= 0);
        for (var t = 0; base && t < words.length; t++) {
          if (record.text.indexOf(words[t]) < 0) { base = false; }
        }
        var failed = null;
        var failures = 0;
        var findingOk = !findingActive || findingMatch(record, need, null, true) !== null;
        if (base) {
          for (var f = 0; f < facetIds.length && failures < 2; f++) {
            var facet = facetIds[f];
            var set = chosen[facet];
            if (!set.size) { continue; }
            var tags = record.tags[facet];
            var hit = false;
            for (var k = 0; k < tags.length; k++) { if (set.has(tags[k])) { hit = true; break; } }
            if (!hit) { failures += 1; failed = facet; }
          }
          // A value's count: papers it would show, given every other facet's choice.
          for (var g = 0; g < facetIds.length; g++) {
            var other = facetIds[g];
            var findingFits = other === "compression" && findingActive ?
              findingMatch(record, need, null, false) !== null : findingOk;
            if (findingFits && (failures === 0 || (failures === 1 && failed === other))) {
              var own = record.tags[other];
              for (var v = 0; v < own.length; v++) { counts[other][own[v]] = (counts[other][own[v]] || 0) + 1; }
            }
          }
          if (failures === 0) {
            findingIds.forEach(function (facet) {
              var seen = {};
              record.findings.forEach(function (finding) {
                var single = { findings: [finding] };
                if (findingMatch(single, need, facet, true) === null) { return; }
                finding[facet].forEach(function (value) { seen[value] = true; });
              });
              Object.keys(seen).forEach(function (value) { counts[facet][value] = (counts[facet][value] || 0) + 1; });
            });
          }
        }
        var visible = base && failures === 0 && findingOk;
        if (visible) { shown += 1; }
        record.shown = visible;
      }
      // Attach at most LIMIT matching cards (in page order) unless the reader asked for all: the
      // cost of a keystroke then depends on LIMIT, not on the size of the catalogue.
      var budget = showAll ? Infinity : LIMIT;
      groups.forEach(function (group) {
        var dirty = false;
        var keep = [];
        for (var c = 0; c < group.records.length; c++) {
          var item = group.records[c];
          var attach = item.shown && budget > 0;
          if (attach) { keep.push(item.card); budget -= 1; }
          if (attach !== item.attached) { dirty = true; item.attached = attach; }
        }
        // Filtered-out cards leave the document rather than being hidden one by one: the browser
        // then restyles only what stays.
        if (dirty) { group.container.replaceChildren.apply(group.container, keep); }
        var any = keep.length > 0;
        if (any !== group.shown) {
          group.shown = any;
          group.container.hidden = !any;
          if (group.heading) { group.heading.hidden = !any; }
        }
      });
      var attached = showAll ? shown : Math.min(shown, LIMIT);
      more.hidden = attached >= shown;
      more.textContent = "Show all " + shown + " matching papers";
      allIds.forEach(function (facet) {
        Object.keys(counters[facet]).forEach(function (value) {
          var text = String(counts[facet][value] || 0);
          var span = counters[facet][value];
          if (span.textContent !== text) { span.textContent = text; }
        });
      });
      jump.textContent = "Go to the " + shown + (shown === 1 ? " result" : " results");
      status.innerHTML = "<strong>" + shown + "</strong> of " + total + " papers" +
        (attached < shown ? " (showing the first " + attached + ")" : "");
      // The table view and the downloads (catalogue-table.js, catalogue-save.js) follow the filter through this.
      form.catalogue = { records: records, shown: shown, showAll: showAll, limit: LIMIT, state: state };
      form.dispatchEvent(new CustomEvent("cat:applied", { detail: form.catalogue }));
    }

    var urlTimer = 0;

    function writeUrl(state, fromTyping) {
      var url = toUrl(state);
      if (url === location.pathname + location.search + location.hash) { return; }
      // One history entry per burst of typing; one per click or choice.
      if (fromTyping && Date.now() - lastTyping < 1500) {
        history.replaceState(null, "", url);
      } else {
        history.pushState(null, "", url);
      }
    }

    function changed(fromTyping) {
      showAll = false;
      var state = readForm();
      apply(state);
      window.clearTimeout(urlTimer);
      if (fromTyping) {
        // The list updates at once; the address follows when typing pauses.
        urlTimer = window.setTimeout(function () {
          writeUrl(readForm(), true);
          lastTyping = Date.now();
        }, 300);
      } else {
        writeUrl(state, false);
        lastTyping = 0;
      }
    }

    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function (event) {
      if (event.target !== query) { changed(false); }
    });
    query.addEventListener("input", function () { changed(true); });
    more.addEventListener("click", function () {
      showAll = true;
      apply(readForm());
      announce("Showing all matching papers");
    });
    authorNote.querySelector("button").addEventListener("click", function () {
      authorName = "";
      writeForm(readForm());
      changed(false);
      announce("Papers by every author");
    });
    form.querySelector(".cat-clear").addEventListener("click", function () {
      writeForm({ text: "", from: years[0], to: years[years.length - 1], author: "", facets: {} });
      changed(false);
      announce("All filters cleared");
    });
    window.addEventListener("popstate", function () {
      showAll = false;
      writeForm(fromUrl());
      apply(readForm());
    });

    // Values a link names but this page lacks are dropped by going through the form.
    writeForm(fromUrl());
    var start = readForm();
    apply(start);
    // The facets stay folded so that the papers come first; a link that chose some opens them.
    var narrowed = start.from !== years[0] || start.to !== years[years.length - 1] ||
      allIds.some(function (facet) { return start.facets[facet].length > 0; });
    var details = form.querySelector("details.cat-filters__more");
    if (details && narrowed) { details.open = true; }
    document.documentElement.classList.add("cat-started");
    form.dataset.ready = "true";
  }

  function start() {
    setUpCopyButtons();
    setUpCiteButtons();
    var form = document.querySelector("form.cat-filters");
    if (form) { setUpFilters(form); }
  }

  // Material marks its drawer and search toggles autocomplete="off" so that Back or a reload does not
  // restore them checked; the attribute is invalid on a checkbox and overrides/hooks/material_markup.py
  // removes it. Chromium restores form state after this script has run, by the time of "pageshow",
  // so a toggle checked then was restored and is cleared; except search on an address with ?q=,
  // which Material opens itself. Pages kept whole in the back/forward cache (event.persisted) keep
  // their state, as they did before.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { return; }
    var asked = new URLSearchParams(location.search).has("q");
    document.querySelectorAll("input.md-toggle[type=checkbox]").forEach(function (toggle) {
      if (toggle.checked && !(asked && toggle.id === "__search")) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
