// The search page: Pagefind's API, our French interface. Loaded only here.
const form = document.getElementById("recherche");
const field = document.getElementById("recherche-terme");
const kind = document.getElementById("recherche-type");
const status = document.getElementById("recherche-etat");
const list = document.getElementById("recherche-resultats");
const button = document.getElementById("recherche-plus");
const NNBSP = "\u202f";
const PAGE = 10; // results fetched at a time: each one is a fragment to download

const plural = (n, one, many) => `${n}\u00a0${n > 1 ? many : one}`;

function show(results, term, total) {
  list.replaceChildren(...results.map((data) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const title = document.createElement("h2");
    title.append(link);
    const excerpt = document.createElement("p");
    excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: text with <mark>, escaped by Pagefind
    item.append(title, excerpt);
    return item;
  }));
  status.textContent = total
    ? `${plural(total, "résultat", "résultats")} pour «${NNBSP}${term}${NNBSP}»`
    : `Aucun résultat pour «${NNBSP}${term}${NNBSP}». Essayez un autre mot, ou moins de mots.`;
}

async function main() {
  const index = document.querySelector("script[data-index]").dataset.index;
  const pagefind = await import(index);
  await pagefind.options({ excerptLength: 24 });
  // A large site is indexed in several bundles (plugins/site_search): searched as one.
  const base = new URL(".", new URL(index, window.location.href));
  const lots = await fetch(new URL("lots.json", base)).then((r) => (r.ok ? r.json() : []));
  await Promise.all(lots.map((lot) => pagefind.mergeIndex(new URL(lot, base).pathname)));
  const params = new URLSearchParams(window.location.search);
  // Words typed while the index was loading are kept, and searched as soon as it is ready.
  field.value = params.get("q") || field.value;
  kind.value = params.get("type") || kind.value;
  let found = { term: "", results: [], shown: [] };
  async function run() {
    const term = field.value.trim();
    const url = new URL(window.location.href);
    url.searchParams.set("q", term);
    if (kind.value) url.searchParams.set("type", kind.value); else url.searchParams.delete("type");
    window.history.replaceState(null, "", url);
    if (!term) {
      list.replaceChildren();
      status.textContent = "";
      button.hidden = true;
      return;
    }
    const filters = kind.value ? { type: kind.value } : {};
    const search = await pagefind.debouncedSearch(term, { filters }, 250);
    if (search === null) return; // a newer query replaced this one
    found = { term, results: search.results, shown: [] };
    await more();
  }
  async function more() {
    const next = found.results.slice(found.shown.length, found.shown.length + PAGE);
    found.shown.push(...(await Promise.all(next.map((r) => r.data())))); // only these load
    show(found.shown, found.term, found.results.length);
    button.hidden = found.shown.length >= found.results.length;
  }
  button.addEventListener("click", more);
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  field.addEventListener("input", run);
  kind.addEventListener("change", run);
  if (field.value) run();
}

main().catch(() => {
  status.textContent = "La recherche n’a pas pu se charger. Parcourez les archives en attendant.";
});
