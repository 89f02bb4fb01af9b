// Read a BibTeX, RIS or CSL-JSON file with citation-js and print the CSL items it makes, as JSON.
// Usage: node tests/js/citejs_read.js FORMAT FILE   (FORMAT: bibtex | ris | csl)
'use strict';
const fs = require('fs');
const { Cite, plugins } = require('@citation-js/core');
require('@citation-js/plugin-bibtex');
require('@citation-js/plugin-ris');
require('@citation-js/plugin-csl');

const [format, file] = process.argv.slice(2);
const forced = { bibtex: '@biblatex/text', ris: '@ris/file', csl: '@csl/list+object' };
const text = fs.readFileSync(file, 'utf8');
const input = format === 'csl' ? JSON.parse(text) : text;
const warnings = [];
const originalWarn = console.warn;
console.warn = (...args) => warnings.push(args.join(' '));
let items;
try {
  items = new Cite(input, { forceType: forced[format] }).data;
} finally {
  console.warn = originalWarn;
}
process.stdout.write(JSON.stringify({ items, warnings }));
