/* The page's side of the listing index: a module worker (listing-worker.js) loads papers/listing-index.json
   and judges every paper against the filter state, so the main thread only sends states and draws the answer
   (the count, the facet counts, the first matching cards). Replies to states that a newer one has overtaken
   are dropped by the caller (filters.js) through the request number. */

export function listingIndex(address, setup) {
  const worker = new Worker(new URL("./listing-worker.js", import.meta.url), { type: "module" });
  const waiting = new Map();  // request number -> { resolve, reject }
  let next = 0;

  worker.addEventListener("message", (event) => {
    const pending = waiting.get(event.data.id);
    if (!pending) { return; }
    waiting.delete(event.data.id);
    if (event.data.ok) { pending.resolve(event.data); } else { pending.reject(new Error(event.data.error)); }
  });
  worker.addEventListener("error", (event) => {
    for (const pending of waiting.values()) { pending.reject(new Error(event.message || "worker failed")); }
    waiting.clear();
  });

  function ask(message) {
    const id = ++next;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, ...message });
    });
  }

  let loading = null;
  return {
    /* Once: fetch and parse the index in the worker; resolves to { header, total, pages: {anchor: page} }. */
    load() {
      if (loading === null) {
        // Absolute: the worker would resolve a relative address against its own script, not this page.
        loading = ask({ type: "load", url: new URL(address, location.href).href, ...setup });
        loading.catch(() => { loading = null; });
      }
      return loading;
    },
    /* The answer to a state: { shown, counts, cards: [{ key, year, html }], keys, rows }. Cards whose key is
       in `known` come without their HTML (the page already made them). */
    apply(state, showAll, rows, known) {
      return ask({ type: "apply", state, showAll, rows, known });
    }
  };
}
