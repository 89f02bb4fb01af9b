/* The query normaliser: what the filter box's text asks for. The rules and method aliases come from the
   build (plugins/catalogue/data/normalise.py writes them as JSON into the form), so the box reads "4bit",
   "int4" and "W4A16" exactly as the data checks and site search do: as the 4-bit band. Everything but
   readTerms works on plain data. */

/* Lower case without accents, so "Gödel" and "godel" match. */
export function fold(text) {
  return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
}

/* The build's rules, aliases and band steps; without them (or if unreadable) only plain words match. */
export function readTerms(form) {
  const node = form.querySelector("script.cat-terms");
  let table = { rules: [], aliases: {} };
  try { if (node) { table = JSON.parse(node.textContent); } } catch (error) { /* plain words only */ }
  return table;
}

const TESTS = {
  le: (value, limit) => value <= limit,
  lt: (value, limit) => value < limit,
  eq: (value, limit) => value === limit,
  else: () => true
};

/* A number's band from the build's steps (normalise.BIT_STEPS, PERCENT_STEPS); an N:M pattern is N:M. */
export function ruleBand(table, kind, value) {
  const steps = (table.steps || {})[kind];
  if (!steps) { return "sparsity-nm"; }
  const number = parseFloat(value);
  for (const [test, limit, band] of steps) {
    if (TESTS[test](number, limit)) { return band; }
  }
  return "other";
}

function escapeRegExp(text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }

/* The bands and methods the text names, and its remaining words (folded). */
export function parseQuery(text, table) {
  let rest = " " + text.toLowerCase() + " ";
  const methods = [];
  for (const alias of Object.keys(table.aliases)) {  // longest first, as the build sorted them
    const pattern = new RegExp("(?<![\\w#.])" + escapeRegExp(alias) + "(?![\\w#])", "g");
    if (pattern.test(rest)) {
      if (!methods.includes(table.aliases[alias])) { methods.push(table.aliases[alias]); }
      rest = rest.replace(pattern, " ");
    }
  }
  const bands = [];
  for (const [source, kind] of table.rules) {
    rest = rest.replace(new RegExp(source, "g"), (match, number) => {
      const found = ruleBand(table, kind, number);
      if (!bands.includes(found)) { bands.push(found); }
      return " ";
    });
  }
  return { bands, methods, words: fold(rest).split(/\s+/).filter(Boolean) };
}
