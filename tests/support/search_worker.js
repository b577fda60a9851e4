// Run Material for MkDocs' own search worker (the file the site ships) in
// Node, outside a browser, so tests query a built search index with the
// exact code readers run.
//
// Usage: node search_worker.js WORKER.js search_index.json QUERY [QUERY...]
// Prints one JSON line: {"QUERY": [["location", "title"], ...], ...}, the
// result groups in rank order (first item of each group = the page).
"use strict";
const fs = require("fs");
const vm = require("vm");

const [workerPath, indexPath, ...queries] = process.argv.slice(2);
let listener = null;
let pending = null;
const warnings = [];
const context = {
  console: { ...console, warn: (...args) => warnings.push(args.map(String).join(" ")) },
  setTimeout,
  addEventListener: (type, fn) => { if (type === "message") listener = fn; },
  postMessage: (message) => { const resolve = pending; pending = null; resolve(message); },
  importScripts: (...urls) => { throw new Error("unexpected importScripts: " + urls.join(", ")); },
};
context.self = context;
vm.createContext(context);
vm.runInContext(fs.readFileSync(workerPath, "utf8"), context, { filename: workerPath });
if (!listener) throw new Error("the worker registered no message listener");

function send(data) {
  return new Promise((resolve) => { pending = resolve; listener({ data }); });
}

(async () => {
  const index = JSON.parse(fs.readFileSync(indexPath, "utf8"));
  // The page's bundle adds these options before handing the index over.
  index.options = { suggest: false };
  const ready = await send({ type: 0, data: index });
  if (ready.type !== 1) throw new Error("worker did not become ready: " + JSON.stringify(ready));
  const results = {};
  for (const query of queries) {
    const answer = await send({ type: 2, data: query });
    if (warnings.length) throw new Error(`query ${JSON.stringify(query)}: ${warnings.join("; ")}`);
    results[query] = answer.data.items.map((group) => group.map((item) => [item.location, item.title]));
  }
  process.stdout.write(JSON.stringify(results) + "\n");
})().catch((error) => { console.error(error); process.exit(1); });
