"""A synthetic French corpus in the project's content model, for `invoke bench`.

Articles of about 980 words with footnotes, internal links, one to three
authors out of 300 and one to five tags out of 200, in realistic proportion
with the other types: testimonials, projects, events, photos and the letter's
editorials. The same size and seed always give the same files.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


WORDS = _words(
    "association réseau commun numérique innovation sociale territoire atelier projet habitant "
    "quartier solidarité économie coopérative bénévole collectif rencontre échange savoir outil "
    "logiciel libre donnée partage jardin énergie mobilité culture éducation emploi santé "
    "alimentation logement accompagnement financement citoyen élu collectivité métropole région "
    "fête festival forum école université laboratoire entreprise fondation médiation inclusion "
    "accessibilité transition écologie recyclage réemploi circuit court marché épicerie café "
    "bibliothèque tiers-lieu fablab repair café cartographie wiki licence ouverte contribution"
)
VERBS = _words(
    "rassemble accompagne propose organise relie partage construit imagine soutient développe "
    "anime transforme ouvre documente finance expérimente"
)
FIRST = _words(
    "Camille Karim Zoé Jean-Éric Aline Hélène Mathieu Inès Bruno Léa Yasmine Olivier Anaïs "
    "Thomas Sofia Pierre Chloé Nabil Élodie Hugo"
)
LAST = _words(
    "Dupont Benali Martin Lefèvre Labarre Moreau Dubois Garnier Faure Roux Blanc Girard "
    "Mercier Bonnet Lambert"
)
CATEGORIES = ("Vie du collectif", "Innovation sociale", "Histoire", "Numérique", "Territoires")
STAGES = ("idée", "en incubation", "en activité", "essaimé", "terminé")
START = date(2019, 1, 7)  # a Monday


SYLLABLES = _words(
    "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo fu ga ge gi go la le li lo lu "
    "ma me mi mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu "
    "va ve vi vo cha che chi cho pla pre tri gro"
)
ENDINGS = _words("tion ment age ité eur oir ance isme ette erie ade ure ée ier")
VOCABULARY_SIZE = 6000  # words of a few hundred articles; used by rank, as in real texts (Zipf)
QUERY_RANK = 400  # the bench's first query: a word found in about one text in six


def vocabulary() -> tuple[str, ...]:
    """The real words first, then made-up French-looking ones, most frequent first."""
    rng = random.Random(0)
    words = dict.fromkeys(WORDS)
    while len(words) < VOCABULARY_SIZE:
        made = rng.choice(SYLLABLES) + rng.choice(SYLLABLES) + rng.choice(ENDINGS)
        words.setdefault(made)
    return tuple(words)


VOCABULARY = vocabulary()
_WEIGHTS = tuple(accumulate(1 / rank for rank in range(1, VOCABULARY_SIZE + 1)))


def query_word() -> str:
    return VOCABULARY[QUERY_RANK]


def sentence(rng: random.Random) -> str:
    words = rng.choices(VOCABULARY, cum_weights=_WEIGHTS, k=rng.randint(8, 16))
    words.insert(rng.randint(1, 3), rng.choice(VERBS))
    text = " ".join(words)
    if rng.random() < 0.2:
        text += f" : « {' '.join(rng.choices(WORDS, k=4))} »"
    return text[0].upper() + text[1:] + rng.choice([".", ".", ".", " ?", " !"])


def paragraph(rng: random.Random, words: int) -> str:
    out, count = [], 0
    while count < words:
        out.append(sentence(rng))
        count += len(out[-1].split())
    return " ".join(out)


def people(count: int, rng: random.Random) -> list[str]:
    names = {f"{f} {last}" for f in FIRST for last in LAST}
    while len(names) < count:
        names.add(f"{rng.choice(FIRST)} {rng.choice(LAST)}-{rng.choice(LAST)}")
    return sorted(names)[:count]


def generate(root: Path, articles: int = 1000, *, seed: int = 1, photos: bool = True) -> dict:
    """Write the corpus under `root` (a content/ folder); return what it holds, by type."""
    rng = random.Random(seed)
    authors = people(300, rng)
    tags = [f"{rng.choice(WORDS)} {i}" for i in range(200)]
    slugs = [f"article-{i:05d}" for i in range(articles)]
    dates = [START + timedelta(days=i * 2100 // max(articles, 1)) for i in range(articles)]
    counts = {
        "articles": articles,
        "events": 0,
        "testimonials": 0,
        "projects": 0,
        "photos": 0,
        "letters": 0,
    }
    photo_every = 50  # one article in fifty has a photo
    for i, slug in enumerate(slugs):
        year = dates[i].year
        links = [j for j in rng.sample(range(articles), k=min(2, articles)) if j != i]
        body = []
        for p in range(7):
            text = paragraph(rng, 130)
            if p < len(links):
                j = links[p]
                target = f"/articles/{dates[j].year}/{slugs[j]}.md"
                text += f" Voir aussi [l’article {j}]({{filename}}{target})."
            if p in (1, 4):
                text += f"[^{p}]"
            body.append(text)
            if p == 2:
                body.append(f"## {sentence(rng).rstrip('.?! ')}")
        if photos and i % photo_every == 0:
            name = f"photo-{i // photo_every:04d}.jpg"
            _photo(root / "images" / name, rng)
            body.insert(1, f"![{sentence(rng)}]({{static}}/images/{name})")
            counts["photos"] += 1
        body += [f"[^1]: {sentence(rng)}", f"[^4]: {sentence(rng)}"]
        header = [
            f"Title: {sentence(rng).rstrip('.?! ')[:90]}",
            f"Date: {dates[i].isoformat()}",
            f"Authors: {', '.join(rng.sample(authors, k=rng.randint(1, 3)))}",
            f"Category: {rng.choice(CATEGORIES)}",
            f"Tags: {', '.join(rng.sample(tags, k=rng.randint(1, 5)))}",
            f"Summary: {sentence(rng)}",
        ]
        _write(root / "articles" / str(year) / f"{slug}.md", header, body)
    for e in range(max(1, articles // 50)):
        day = START + timedelta(days=e * 2100 // max(1, articles // 50))
        slug = f"rencontre-{e:04d}"
        _write(
            root / "events" / str(day.year) / f"{slug}.md",
            [
                f"Title: Rencontre {e}",
                f"Start: {day.isoformat()}",
                "Place: Lille",
                f"Summary: {sentence(rng)}",
            ],
            [paragraph(rng, 200)],
        )
        counts["events"] += 1
        for t in range(5):
            name = rng.choice(authors)
            _write(
                root / "guestbook" / slug / f"temoin-{t}.md",
                [f"Author: {name}", f"Event: {slug}", f"Date: {day.isoformat()}"],
                [f"« {paragraph(rng, 60)} »"],
            )
            counts["testimonials"] += 1
    for p in range(max(1, articles // 20)):
        _write(
            root / "projects" / f"projet-{p:04d}.md",
            [
                f"Title: Projet {p}",
                f"Stage: {rng.choice(STAGES)}",
                "Place: Roubaix",
                f"Summary: {sentence(rng)}",
            ],
            [f"## Genèse\n\n{paragraph(rng, 150)}", f"## Réussites\n\n{paragraph(rng, 120)}"],
        )
        counts["projects"] += 1
    for w in range(max(1, articles // 100)):
        week = dates[min(w * 100, articles - 1)]
        year, number, _ = week.isocalendar()
        _write(
            root / "lettre" / f"{year}-s{number:02d}.md",
            [f"Title: La lettre de la semaine {number}", f"Summary: {sentence(rng)}"],
            [paragraph(rng, 80)],
        )
        counts["letters"] += 1
    return counts


def _write(path: Path, header: list[str], body: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(header) + "\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")


def _photo(path: Path, rng: random.Random) -> None:
    """A 1600 × 1200 photo-like JPEG with a phone's EXIF (made with Pillow, like the tests')."""
    from PIL import Image, ImageDraw, ImageFilter

    path.parent.mkdir(parents=True, exist_ok=True)
    image = Image.linear_gradient("L").resize((1600, 1200)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(120):
        x, y, r = rng.randrange(1600), rng.randrange(1200), rng.randrange(20, 240)
        draw.ellipse((x, y, x + r, y + r), fill=tuple(rng.randrange(256) for _ in range(3)))
    grain = Image.effect_noise((1600, 1200), 30).convert("RGB")
    image = Image.blend(image.filter(ImageFilter.GaussianBlur(2)), grain, 0.15)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "PhoneMaker", "Phone 15"
    image.save(path, "JPEG", quality=88, exif=exif)
