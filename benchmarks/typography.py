"""Cost of the typography_fr step, compared with Markdown rendering and typogrify.

Usage: python benchmarks/typography.py [--out FILE] [--docs N] [--rounds R]

Builds an in-memory corpus (the project's content/**/*.md bodies, each padded
with French paragraphs written below, ~2,000 documents ≈ 10 MB of HTML), then
times, in the same run and interleaved over several rounds:
  (a) Markdown rendering of the corpus (one Markdown instance, reset per document),
  (b) typeset() over the rendered HTML,
  (c) typogrify's typogrify() over the same HTML (all its default filters).
Writes medians and ratios b/a and b/c as JSON (default
benchmarks/results/typography.json) and prints them.
"""

from __future__ import annotations

import argparse
import gc
import json
import platform
import statistics
import time
from pathlib import Path

import markdown
from typogrify.filters import typogrify

from catalyst.model.typography.rules import typeset

ROOT = Path(__file__).resolve().parent.parent

EXTENSIONS = [
    "markdown.extensions.extra",
    "markdown.extensions.toc",
    "markdown.extensions.sane_lists",
]

PADDING = """
## Territoires en réseaux : d'internet aux innovations sociales ouvertes

ANIS a été créée il y a plus de 10 ans avec la volonté de valoriser les usages
citoyens et solidaires de l'Internet. Qui sommes-nous ? Un collectif -- ouvert --
qui réunit des "commoners" au *XXIe siècle* : associations, tiers-lieux, etc...

Sur 200m2, 70 % des foyers et 2300 € de budget : la 10ème année, le 1er janvier,
nous avons compté 2 300 visiteurs sur 15 km. Voir [le site](http://www.anis.asso.fr/a?b=c:d)
ou écrire à contact@anis.asso.fr ! Les « Technologies relationnelles » connaissent
un développement sans précédent ; l'innovation sociale --- et numérique --- avance.

- Rencontre : "Ruralité et TIC", à 10:30 ;
- Atelier : **co-construction** dans le Nord-Pas-de-Calais ;
- Bilan : « par les gens et pour les gens ».

> « Un petit mot pour te remercier au nom de toute notre équipe ! »

Commande à taper : `pelican content -s "pelicanconf.py"` puis :

    invoke build  # "a : b" ...

| Année | Budget | Part |
|-------|--------|------|
| 2011  | 2300 € | 10 % |
"""


def corpus_sources() -> list[str]:
    """Markdown bodies of the project's content (metadata header dropped)."""
    bodies = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        head, sep, body = text.partition("\n\n")
        bodies.append(body if sep and ":" in head.split("\n", 1)[0] else text)
    return bodies or [""]


def build_corpus(n_docs: int) -> list[str]:
    sources = corpus_sources()
    return [sources[i % len(sources)] + "\n" + PADDING * 2 for i in range(n_docs)]


def render(docs: list[str]) -> list[str]:
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html5")
    out = []
    for doc in docs:
        out.append(md.reset().convert(doc))
    return out


def timed(fn, *args) -> tuple[float, object]:
    gc.collect()
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/typography.json")
    parser.add_argument("--docs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    docs = build_corpus(args.docs)
    html_docs = render(docs)
    steps = {
        "markdown": lambda: render(docs),
        "typeset": lambda: [typeset(h) for h in html_docs],
        "typogrify": lambda: [typogrify(h) for h in html_docs],
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    names = list(steps)
    for r in range(args.rounds):
        for name in names[r % 3 :] + names[: r % 3]:  # rotate the order each round
            elapsed, _ = timed(steps[name])
            times[name].append(elapsed)

    med = {name: statistics.median(values) for name, values in times.items()}
    result = {
        "corpus": {
            "documents": len(docs),
            "markdown_bytes": sum(len(d.encode()) for d in docs),
            "html_bytes": sum(len(h.encode()) for h in html_docs),
        },
        "rounds": args.rounds,
        "seconds": times,
        "median_seconds": med,
        "ratios": {
            "typeset_over_markdown": med["typeset"] / med["markdown"],
            "typeset_over_typogrify": med["typeset"] / med["typogrify"],
        },
        "python": platform.python_version(),
        "markdown": markdown.__version__,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("corpus", "median_seconds", "ratios")}, indent=2))
    return result


if __name__ == "__main__":
    main()
