/* The active filters as chips: one button per chosen value ("Band: 4-bit ×"), which removes it. Shared by the
   listings (filters.js) and the table of every finding (findings-table.js). `items` are
   { label, remove } in the order shown; the list hides when empty. */
export function drawChips(list, items) {
  list.replaceChildren(...items.map((item) => {
    const entry = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cat-chip";
    button.setAttribute("aria-label", "Remove the filter " + item.label);
    const text = document.createElement("span");
    text.textContent = item.label;
    const cross = document.createElement("span");
    cross.setAttribute("aria-hidden", "true");
    cross.textContent = "×";
    button.append(text, cross);
    button.addEventListener("click", item.remove);
    entry.append(button);
    return entry;
  }));
  list.hidden = items.length === 0;
}

/* The label of a facet's value: its fieldset's legend and the checkbox's own text. */
export function facetLabel(form, facet, value) {
  const fieldset = form.querySelector('fieldset[data-facet="' + facet + '"]');
  const legend = fieldset ? fieldset.querySelector("legend").textContent.trim() : facet;
  const box = fieldset ? Array.from(fieldset.querySelectorAll("input")).find((input) => input.value === value) : null;
  const title = box ? box.parentElement.querySelector("span").textContent.trim() : value;
  return legend + ": " + title;
}
