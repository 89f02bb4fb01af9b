/* The filter state and where it lives: in the form's controls and in the query string (shareable, and
   Back/Forward step through it). A state is { text, from, to, author, facets: {facet: [ids]} }.
   stateFromSearch and urlFor work on plain data; formState reads and writes the controls. */

/* The state a query string names; `years` are the year options, oldest first. */
export function stateFromSearch(search, ids, years) {
  const params = new URLSearchParams(search);
  const state = { text: params.get("text") || "", from: params.get("from") || years[0],
                  to: params.get("to") || years[years.length - 1], author: params.get("author") || "",
                  facets: {} };
  for (const facet of ids) {
    const raw = params.get(facet);
    state.facets[facet] = raw ? raw.split(",").filter(Boolean) : [];
  }
  return state;
}

/* The address of a state on this page (`place`: pathname, search and hash of the current one); the
   defaults stay out of it, and the view (table-view.js owns it) is kept. */
export function urlFor(state, ids, years, place) {
  const params = new URLSearchParams();
  if (state.text) { params.set("text", state.text); }
  if (state.author) { params.set("author", state.author); }
  for (const facet of ids) {
    if (state.facets[facet].length) { params.set(facet, state.facets[facet].join(",")); }
  }
  if (state.from !== years[0]) { params.set("from", state.from); }
  if (state.to !== years[years.length - 1]) { params.set("to", state.to); }
  const view = new URLSearchParams(place.search).get("view");
  if (view) { params.set("view", view); }
  const search = params.toString().replace(/%2C/g, ",");
  return place.pathname + (search ? "?" + search : "") + place.hash;
}

/* The form's controls as a state and back. The author is no control: a link from an author's name
   sets it, and a note with a button to drop it shows while it is set. */
export function formState(form, ids) {
  const query = form.querySelector("#cat-q");
  const from = form.querySelector("#cat-year-from");
  const to = form.querySelector("#cat-year-to");
  const authorNote = form.querySelector(".cat-filters__author");
  const years = Array.from(from.options, (option) => option.value);
  let authorName = "";
  const boxes = (facet) => form.querySelectorAll('input[name="' + facet + '"]');

  function read() {
    const state = { text: query.value.trim(), from: from.value, to: to.value, author: authorName, facets: {} };
    for (const facet of ids) {
      state.facets[facet] = Array.from(boxes(facet)).filter((box) => box.checked).map((box) => box.value);
    }
    return state;
  }

  /* Values the state names but this page lacks fall away here. */
  function write(state) {
    query.value = state.text;
    authorName = state.author || "";
    authorNote.hidden = !authorName;
    authorNote.querySelector("strong").textContent = authorName;
    from.value = years.includes(state.from) ? state.from : years[0];
    to.value = years.includes(state.to) ? state.to : years[years.length - 1];
    for (const facet of ids) {
      const chosen = state.facets[facet] || [];
      boxes(facet).forEach((box) => { box.checked = chosen.includes(box.value); });
    }
  }

  return { read, write, years, query, authorNote, fromUrl: () => stateFromSearch(location.search, ids, years),
           toUrl: (state) => urlFor(state, ids, years, location) };
}

/* When the address follows the form: one history entry per click or choice, one per burst of typing,
   and while typing only once it pauses (the list itself updates at once). */
export function addressPolicy(toUrl, read) {
  let lastTyping = 0;
  let timer = 0;

  function write(state, fromTyping) {
    const url = toUrl(state);
    if (url === location.pathname + location.search + location.hash) { return; }
    if (fromTyping && Date.now() - lastTyping < 1500) {
      history.replaceState(null, "", url);
    } else {
      history.pushState(null, "", url);
    }
  }

  /* After the form changed to `state` (already applied). */
  function follow(state, fromTyping) {
    window.clearTimeout(timer);
    if (fromTyping) {
      timer = window.setTimeout(() => {
        write(read(), true);
        lastTyping = Date.now();
      }, 300);
    } else {
      write(state, false);
      lastTyping = 0;
    }
  }

  return { follow };
}
