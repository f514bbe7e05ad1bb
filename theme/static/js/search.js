// The search page: Pagefind's API, our French interface. Loaded only here.
const form = document.getElementById("recherche");
const field = document.getElementById("recherche-terme");
const kind = document.getElementById("recherche-type");
const status = document.getElementById("recherche-etat");
const hint = document.getElementById("recherche-suggestion");
const list = document.getElementById("recherche-resultats");
const button = document.getElementById("recherche-plus");
const NNBSP = "\u202f";
const PAGE = 10; // results fetched at a time: each one is a fragment to download
const EXCERPT = 24; // words

const plural = (n, one, many) => `${n}\u00a0${n > 1 ? many : one}`;
const fold = (word) => word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

// A guestbook page holds many testimonials (<figure id>): each one found is a result of its
// own, at its anchor. Pagefind's sub-results only follow headings, so they are made here.
function split(data) {
  const figures = data.anchors.filter((a) => a.element === "figure")
    .sort((a, b) => a.location - b.location);
  if (!figures.length) return [data];
  const words = data.raw_content.split(/[\r\n\s]+/g);
  const parts = figures.flatMap((figure, i) => {
    const end = figures[i + 1]?.location ?? words.length;
    const found = data.locations.filter((at) => at >= figure.location && at < end);
    if (!found.length) return [];
    const start = Math.max(figure.location, Math.min(found[0] - 4, end - EXCERPT));
    const excerpt = words.slice(start, Math.min(end, start + EXCERPT))
      .map((word, at) => (found.includes(start + at) ? `<mark>${word}</mark>` : word));
    const by = words.slice(figure.location, end).join(" ").split("— ").at(-1).split(",")[0];
    const title = `${by} — ${data.meta.title}`;
    return [{ url: `${data.url}#${figure.id}`, meta: { title }, excerpt: excerpt.join(" ") }];
  });
  return parts.length ? parts : [data];
}

function show(results, term, total) {
  list.replaceChildren(...results.map((data) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    const title = document.createElement("h2");
    title.append(link);
    const excerpt = document.createElement("p");
    excerpt.innerHTML = data.excerpt; // Pagefind's text with <mark>, HTML escaped by Pagefind
    item.append(title, excerpt);
    return item;
  }));
  status.textContent = total
    ? `${plural(total, "résultat", "résultats")} pour «${NNBSP}${term}${NNBSP}»`
    : `Aucun résultat pour «${NNBSP}${term}${NNBSP}». Essayez un autre mot, ou moins de mots.`;
}

// Edit distance between two words, or `max + 1` as soon as it is known to exceed `max`.
function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...next) > max) return max + 1;
    row = next;
  }
  return row[b.length];
}

// The indexed words (plugins/site_search), most frequent first: loaded on the first need.
let lexicon;
function indexedWords(base) {
  lexicon ??= fetch(new URL("mots.txt.gz", base)).then(async (response) => {
    if (!response.ok) return [];
    let body = new Uint8Array(await response.arrayBuffer());
    if (body[0] === 0x1f && body[1] === 0x8b) { // still gzipped (no server unpacked it)
      const stream = new Blob([body]).stream().pipeThrough(new DecompressionStream("gzip"));
      body = new Uint8Array(await new Response(stream).arrayBuffer());
    }
    return new TextDecoder().decode(body).split("\n").map((word) => [fold(word), word]);
  });
  return lexicon;
}

// The query with each unknown word of three letters or more replaced by the nearest indexed
// word (the most frequent one on a tie), or null if none is close enough.
async function suggest(term, base) {
  const words = await indexedWords(base);
  const known = new Set(words.map(([key]) => key));
  let changed = false;
  const fixed = term.split(/\s+/).map((word) => {
    const key = fold(word);
    if (key.length <= 2 || known.has(key) || !/^\p{L}+$/u.test(key)) return word;
    let best = null;
    let bound = key.length < 5 ? 2 : 3; // at most one edit under five letters, two above
    for (const [candidate, shown] of words) {
      const d = distance(key, candidate, bound - 1);
      if (d < bound) [best, bound] = [shown, d];
    }
    changed ||= best !== null;
    return best ?? word;
  });
  return changed ? fixed.join(" ") : null;
}

// Only words of two letters or fewer are highlighted: the query's own words were not found.
const marked = (data) => [...data.excerpt.matchAll(/<mark>(.*?)<\/mark>/g)].map(([, word]) => word);
const onlyShort = (results) =>
  results.every((data) => marked(data).every((word) => word.replace(/\P{L}/gu, "").length <= 2));

async function main() {
  const index = document.querySelector("script[data-index]").dataset.index;
  const pagefind = await import(index);
  await pagefind.options({ excerptLength: EXCERPT });
  // A large site is indexed in several bundles (plugins/site_search): searched as one.
  const base = new URL(".", new URL(index, window.location.href));
  const lots = await fetch(new URL("lots.json", base)).then((r) => (r.ok ? r.json() : []));
  await Promise.all(lots.map((lot) => pagefind.mergeIndex(new URL(lot, base).pathname)));
  const params = new URLSearchParams(window.location.search);
  // Words typed while the index was loading are kept, and searched as soon as it is ready.
  field.value = params.get("q") || field.value;
  kind.value = params.get("type") || kind.value;
  let found = { term: "", results: [], loaded: 0, shown: [] };
  async function run() {
    const term = field.value.trim();
    const url = new URL(window.location.href);
    url.searchParams.set("q", term);
    if (kind.value) url.searchParams.set("type", kind.value); else url.searchParams.delete("type");
    window.history.replaceState(null, "", url);
    hint.hidden = true;
    if (!term) {
      list.replaceChildren();
      status.textContent = "";
      button.hidden = true;
      return;
    }
    const filters = kind.value ? { type: kind.value } : {};
    const search = await pagefind.debouncedSearch(term, { filters }, 250);
    if (search === null) return; // a newer query replaced this one
    found = { term, results: search.results, loaded: 0, shown: [] };
    await more();
    if (!found.shown.length || onlyShort(found.shown)) offer(term, url);
  }
  async function more() {
    const next = found.results.slice(found.loaded, found.loaded + PAGE);
    found.loaded += next.length;
    const pages = await Promise.all(next.map((r) => r.data())); // only these load
    found.shown.push(...pages.flatMap(split));
    const total = found.results.length - found.loaded + found.shown.length;
    show(found.shown, found.term, total);
    button.hidden = found.loaded >= found.results.length;
  }
  async function offer(term, url) {
    const fixed = await suggest(term, base);
    if (!fixed || found.term !== term) return;
    url.searchParams.set("q", fixed);
    const link = document.createElement("a");
    link.href = url.search;
    link.textContent = fixed;
    link.addEventListener("click", (event) => {
      event.preventDefault();
      field.value = fixed;
      run();
    });
    hint.replaceChildren("Vouliez-vous dire\u00a0: ", link, `${NNBSP}?`);
    hint.hidden = false;
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
