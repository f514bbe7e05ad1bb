"""Guestbook, projects and events: one collection mechanism, read like a visitor would."""

from __future__ import annotations

import json
import re
import shutil
import time
from urllib.parse import parse_qs, unquote, urlparse

import feedparser
import icalendar
import pytest

from conftest import ROOT, build_site, header

ROUMICS = "ROUMICS 2012 «\u202fInnovation sociale et numérique\u202f»"
GUESTBOOK = sorted((ROOT / "content/guestbook/roumics-2012").glob("*.md"))
PROJECTS = sorted((ROOT / "content/projects").glob("*.md"))


def words(text: str) -> str:
    """Compare text across typography: apostrophes and spaces normalised."""
    text = text.replace("’", "'").replace("\u202f", " ").replace("\u00a0", " ").replace("–", "-")
    return " ".join(text.split())


def test_every_testimonial_file_is_one_entry_with_name_role_and_organisation(site):
    page = site.html("livre-d-or/roumics-2012/")
    entries = page.select(".testimonial")
    assert len(GUESTBOOK) == 31
    assert len(entries) == len(GUESTBOOK)
    by_id = {e["id"]: e for e in entries}
    for path in GUESTBOOK:
        entry = by_id[path.stem]  # the stable anchor is the file name
        shown = words(entry.select_one(".testimonial-by").get_text(" "))
        fields = header(path)
        for key in ("author", "role", "organisation"):
            if key in fields:
                assert words(fields[key]) in shown, (path.name, key)


def test_event_page_leads_to_all_its_testimonials_without_repeating_them(site):
    page = site.html("evenements/roumics-2012/")
    assert "ROUMICS 2012" in page.find("h1").get_text()
    assert len(page.select(".testimonial")) <= 2  # a few words; all of them on the guestbook
    more = page.select_one(".guestbook-teaser .more a")
    assert more["href"] == "/livre-d-or/roumics-2012/"
    assert f"{len(GUESTBOOK)}\u00a0témoignages" in more.get_text()
    guestbook = site.html("livre-d-or/roumics-2012/")
    assert len(guestbook.select(".testimonial")) == len(GUESTBOOK)
    assert "vendredi 23 novembre 2012" in page.select_one(".when").get_text(" ")


def test_an_event_with_one_testimonial_says_so_in_the_singular(make_site):
    build = make_site(
        {
            "events/2026/fete.md": "Title: Fête\nStart: 2026-11-28\nPlace: Lille\n\nLa fête.\n",
            "guestbook/fete/zoe.md": "Author: Zoé M\nEvent: fete\nDate: 2026-11-29\n\nBelle.\n",
        }
    )
    assert build.returncode == 0, build.log
    more = build.html("evenements/fete/").select_one(".guestbook-teaser .more a")
    assert more.contents[0].strip() == "Lire le témoignage"


def test_a_guestbook_page_states_each_testimonial_s_licence_as_it_is(make_site, site):
    event = "Title: Fête\nStart: 2026-11-28\nPlace: Lille\n\nLa fête.\n"
    entry = "Author: {who}\nEvent: fete\nDate: 2026-11-29\nLicense: {licence}\n\nBelle.\n"
    build = make_site(
        {
            "events/2026/fete.md": event,
            "guestbook/fete/zoe.md": entry.format(who="Zoé M", licence="CC BY-SA 4.0"),
            "guestbook/fete/ali.md": entry.format(who="Ali B", licence="tous droits réservés"),
        }
    )
    assert build.returncode == 0, build.log
    page = build.html("livre-d-or/fete/")
    assert "tous droits réservés" not in page.select_one(".rights").get_text()
    said = {
        f["id"]: " ".join(f.select_one(".licence").get_text().split())
        for f in page.select(".testimonial")
    }
    assert said == {"zoe": "(CC BY-SA 4.0)", "ali": "(tous droits réservés)"}
    assert page.select_one("#zoe .licence a[rel=license]")["href"].startswith(
        "https://creativecommons.org/licenses/by-sa/4.0/"
    )
    # every one reserved, as in the ROUMICS 2012 book: said once for all, not under each
    roumics = site.html("livre-d-or/roumics-2012/")
    assert "tous droits réservés" in roumics.select_one(".rights").get_text()
    assert not roumics.select(".testimonial .licence")


def test_guestbook_index_groups_entries_by_event(site):
    page = site.html("livre-d-or/")
    section = page.find("section", attrs={"aria-labelledby": "roumics-2012"})
    assert section.find("a")["href"] == "/livre-d-or/roumics-2012/"
    assert 1 <= len(section.select(".testimonial")) <= 3  # one card per event, a few quotations
    assert f"{len(GUESTBOOK)}\u00a0témoignages" in section.select_one(".meta").get_text()


def test_testimonial_links_its_author_page_which_lists_it(site):
    page = site.html("auteurs/francois-moreau/")
    assert page.find("h1").get_text() == "François MOREAU"
    testimonial = page.select_one(".testimonial")
    assert "ROUMICS" in testimonial.get_text()
    link = testimonial.select_one("a.anchor")["href"]
    assert link == "/livre-d-or/roumics-2012/#francois-moreau"


@pytest.mark.parametrize("path", PROJECTS, ids=lambda p: p.stem)
def test_every_project_page_exists_with_its_contacts(site, path):
    fields = header(path)
    page = site.html(f"projets/{path.stem}/")
    assert words(page.find("h1").get_text()) == words(fields["title"])
    facts = page.select_one("dl.facts")
    if "email" in fields:
        assert facts.find("a", href=f"mailto:{fields['email']}")
    if "phone" in fields:
        assert facts.find("a", href="tel:" + re.sub(r"[ .]", "", fields["phone"]))
        assert words(fields["phone"]) in words(facts.get_text(" "))
    if "contact" in fields:
        assert words(fields["contact"]) in words(facts.get_text(" "))


def test_ecloserie_projects_link_their_programme_and_the_article_about_them(site):
    kekchose = site.html("projets/kekchose/")
    facts = kekchose.select_one("dl.facts")
    assert facts.find("a", href="/projets/ecloserie-des-arts/")
    mentions = kekchose.find("section", attrs={"aria-labelledby": "en-parlent"})
    assert mentions.find("a", href="/2002/les-tic-solidaires-au-pays-des-corons/")
    ecloserie = site.html("projets/ecloserie-des-arts/")
    children = ecloserie.find("section", attrs={"aria-labelledby": "projets-accompagnes"})
    assert len(children.find_all("li")) == len(PROJECTS) - 1


def test_project_directory_filters_work_without_javascript(site):
    directory = site.html("projets/")
    filters = directory.select_one("nav.filters")
    status = filters.find("a", string="en incubation")["href"]
    incubating = site.html(status)
    listed = incubating.select("ul.item-list li")
    assert len(listed) == sum(header(p)["stage"] == "en incubation" for p in PROJECTS)
    programme = site.html(filters.find("a", string="Écloserie des Arts")["href"])
    assert len(programme.select("ul.item-list li")) == len(PROJECTS) - 1
    assert not directory.find("script", src=True)  # only JSON-LD data, no code


def test_events_calendar_parses_with_the_right_dates(site):
    calendar = icalendar.Calendar.from_ical((site.output / "events.ics").read_bytes())
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == [ROUMICS]
    roumics = events[0]
    assert roumics.decoded("dtstart").isoformat() == "2012-11-23"
    assert str(roumics["uid"]) == "events-roumics-2012@catalyst.anis.asso.fr"
    single = icalendar.Calendar.from_ical(
        (site.output / "evenements/roumics-2012/roumics-2012.ics").read_bytes()
    )
    assert single.walk("VEVENT")[0]["uid"] == roumics["uid"]


TIMED_EVENT = {
    "events/2025/atelier.md": """
        Title: Atelier du soir
        Start: 2025-03-28 18:30
        End: 2025-03-28 21:00
        Place: Mutualab
        Address: 19 rue Nicolas Leblanc, 59000 Lille

        Un atelier.
        """,
}


def test_timed_event_has_dtstart_in_paris_time_zone(make_site):
    build = make_site(TIMED_EVENT)
    assert build.returncode == 0, build.log
    calendar = icalendar.Calendar.from_ical((build.output / "events.ics").read_bytes())
    event = calendar.walk("VEVENT")[0]
    assert event["dtstart"].params["TZID"] == "Europe/Paris"
    start = event.decoded("dtstart")
    assert (start.hour, start.minute, start.utcoffset().total_seconds()) == (18, 30, 3600)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_calendar_bytes_do_not_depend_on_build_time_or_machine_zone(tmp_path, monkeypatch):
    outputs = []
    for zone in ("UTC", "Pacific/Auckland"):
        monkeypatch.setenv("TZ", zone)
        build = build_site(ROOT / "content", tmp_path / zone.replace("/", "-"))
        assert build.returncode == 0, build.log
        outputs.append(build.output)
        time.sleep(1.1)
    for name in ("events.ics", "evenements/roumics-2012/roumics-2012.ics"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes()


def test_events_feed_lists_the_event(site):
    feed = feedparser.parse((site.output / "feeds/evenements.atom.xml").read_bytes())
    assert not feed.bozo
    assert [e.title for e in feed.entries] == [ROUMICS]


def jsonld(page) -> dict:
    return json.loads(page.find("script", type="application/ld+json").string)


def test_each_type_describes_itself_in_json_ld_with_its_licence(site):
    event = jsonld(site.html("evenements/roumics-2012/"))
    assert event["license"].startswith("https://creativecommons.org/licenses/by-sa/4.0/")
    assert event["mainEntity"]["@type"] == "Event"
    assert event["mainEntity"]["startDate"] == "2012-11-23"
    assert event["mainEntity"]["location"] == {"@type": "Place", "name": "Plaine Images"}
    project = jsonld(site.html("projets/resoformation/"))["mainEntity"]
    assert project["@type"] == "Project"
    assert "email" not in project and "telephone" not in project  # 2002 contacts not republished
    assert project["parentOrganization"]["url"].endswith("/projets/ecloserie-des-arts/")
    guestbook = jsonld(site.html("livre-d-or/roumics-2012/"))
    reviews = guestbook["hasPart"]
    assert len(reviews) == len(GUESTBOOK)
    assert {r["@type"] for r in reviews} == {"Review"}
    assert all(r["itemReviewed"]["@type"] == "Event" for r in reviews)
    assert guestbook["license"] == "Tous droits réservés"  # the authors' words, not the site's


def propose_link(page, label: str) -> str:
    block = page.find("aside", attrs={"aria-label": label})
    return block.find("a", href=re.compile(r"^https://github\.com/"))["href"]


def test_prefilled_testimonial_link_decodes_to_a_file_that_builds(site, make_site):
    href = propose_link(site.html("livre-d-or/roumics-2012/"), "Ajouter un témoignage")
    url = urlparse(href)
    assert url.path == "/anis-catalyst/catalyst-publications/new/main"
    query = parse_qs(url.query, strict_parsing=True)
    filename, text = query["filename"][0], query["value"][0]
    assert filename == "content/guestbook/roumics-2012/prenom-nom.md"
    assert "Event: roumics-2012" in text
    # the event links « Qui sommes-nous ? », which links the projects, which link their article…:
    # ship every text but the real testimonials, so that every link resolves
    shipped = [
        path.relative_to(ROOT / "content").as_posix()
        for path in sorted((ROOT / "content").rglob("*.md"))
        if "guestbook" not in path.relative_to(ROOT / "content").parts
    ]
    files = {name: (ROOT / "content" / name).read_text(encoding="utf-8") for name in shipped}
    build = make_site({**files, filename.removeprefix("content/"): text})
    assert build.returncode == 0, build.log
    entry = build.html("livre-d-or/roumics-2012/").find(id="prenom-nom")
    assert "Votre témoignage" in entry.get_text()


def test_mail_fallback_carries_the_same_template(site):
    page = site.html("projets/")
    block = page.find("aside", attrs={"aria-label": "Proposer un projet"})
    mail = block.find("a", href=re.compile("^mailto:"))["href"]
    web = propose_link(page, "Proposer un projet")
    body = unquote(parse_qs(urlparse(mail).query)["body"][0])
    assert parse_qs(urlparse(web).query)["value"][0] in body
    assert mail.startswith("mailto:contact@anis.asso.fr?")


RECIPES = """\
# Recipes from the shared garden: content/recettes/<slug>.md.
name = "recipes"
kind = "collection"
label = "Recettes"
item = "recette"
folder = "recettes"

[fields.title]
required = true
label = "Titre"

[fields.servings]
required = true
label = "Parts"

[routing]
sort_by = "title"
reverse = false
url = "recettes/{slug}/"
save_as = "recettes/{slug}/index.html"
template = "recipe"
index_url = "recettes/"
index_template = "recipes"
"""


def test_a_new_content_type_is_one_declaration_and_its_templates(make_site, tmp_path):
    # A copy of the project's declarations plus one file; the project's code and settings
    # stay as they are (CONTENT_MODEL_TYPES only points the build at the copy).
    types = tmp_path / "content_types"
    shutil.copytree(ROOT / "content_types", types)
    (types / "recipes.toml").write_text(RECIPES, encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "recipe.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>{{ item.title }}</h1>'
        "<p class=servings>{{ item.fields.servings }} parts</p>{{ item.content }}"
        "{% endblock content %}",
        encoding="utf-8",
    )
    (templates / "recipes.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Recettes</h1><ul>'
        '{% for it in collection.items %}<li><a href="/{{ it.url }}">{{ it.title }}</a></li>'
        "{% endfor %}</ul>{% endblock content %}",
        encoding="utf-8",
    )
    files = {
        "recettes/soupe.md": "Title: Soupe du jardin partagé\nServings: 6\n\nDes légumes.\n",
        "recettes/pain.md": "Title: Pain au levain\nServings: 4\n\nDe la farine.\n",
        "recettes/sans-parts.md": "Title: Sans parts\n\nOublié.\n",
    }
    extra = {"CONTENT_MODEL_TYPES": str(types), "THEME_TEMPLATES_OVERRIDES": [str(templates)]}
    refused = make_site(files, **extra)
    assert refused.returncode == 1  # the declaration's rules apply, in French, at the file
    assert "recettes/sans-parts.md" in refused.log
    assert "champ obligatoire « Servings » manquant" in refused.log
    del files["recettes/sans-parts.md"]
    shutil.rmtree(tmp_path / "content")
    build = make_site(files, **extra)
    assert build.returncode == 0, build.log
    index = build.html("recettes/")
    assert [a.get_text() for a in index.select("main li a")] == [
        "Pain au levain",
        "Soupe du jardin partagé",
    ]
    assert build.html("recettes/soupe/").select_one(".servings").get_text() == "6 parts"


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        ("events.toml", "order = \n", "content_types/events.toml: Invalid value (at line"),
        ("recipes.toml", RECIPES.replace('"collection"', '"recipe"'), "recipes.toml: kind"),
    ],
)
def test_a_broken_declaration_is_one_french_sentence_naming_its_file(
    make_site, tmp_path, name, text, said
):
    types = tmp_path / "content_types"
    shutil.copytree(ROOT / "content_types", types)
    with (types / name).open("a", encoding="utf-8") as declaration:
        declaration.write(text)
    files = {"pages/a-propos.md": "Title: À propos\n\nTexte.\n"}
    build = make_site(files, CONTENT_MODEL_TYPES=str(types))
    assert build.returncode == 1, build.log
    assert "Réglage à corriger : content_model: " in build.log and said in build.log
    assert "Traceback" not in build.log and "bug du site" not in build.log


def test_missing_required_field_of_a_collection_fails_naming_the_file(make_site):
    build = make_site(
        {
            "events/2025/sans-lieu.md": "Title: Sans lieu\nStart: 2025-01-10\n\nTexte.\n",
            "guestbook/inconnu/alice.md": (
                "Author: Alice\nEvent: inconnu\nDate: 2025-01-10\n\nMerci !\n"
            ),
        }
    )
    assert build.returncode != 0
    assert "events/2025/sans-lieu.md" in build.log
    assert "champ obligatoire « Place » manquant" in build.log
    assert "guestbook/inconnu/alice.md:2" in build.log
    assert "« inconnu » ne correspond à aucun élément de « Événements »" in build.log


def test_sitemap_lists_articles_pages_and_every_collection_page(site):
    from lxml import etree

    tree = etree.parse(str(site.output / "sitemap.xml"))
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = {loc.text.split("localhost:8000", 1)[1] for loc in tree.findall(".//s:loc", ns)}
    expected = {
        "/2013/territoires-en-reseaux/",
        "/qui-sommes-nous/",
        "/evenements/",
        "/evenements/roumics-2012/",
        "/livre-d-or/",
        "/livre-d-or/roumics-2012/",
        "/projets/",
        "/projets/kekchose/",
        "/projets/statut/en-incubation/",
    }
    assert expected <= locs
    assert not any("#" in loc for loc in locs)  # guestbook entries live on their event's page
    for loc in locs:
        assert site.exists(loc), loc


def test_tag_carried_only_by_an_event_gets_a_page_listing_it(site):
    page = site.html("mots-cles/roumics/")
    assert page.find("main").find("a", href="/evenements/roumics-2012/")
    event = site.html("evenements/roumics-2012/")
    for link in event.select("a[rel=tag]"):
        assert site.exists(link["href"]), link["href"]


def test_project_filters_sort_accented_values_alphabetically(site):
    filters = site.html("projets/").select_one("nav.filters")
    by_tag = next(p for p in filters.find_all("p") if p.get_text().startswith("Par mot-clé"))
    names = [a.get_text() for a in by_tag.find_all("a")]
    assert names.index("Écloserie des Arts") < names.index("emploi")
    assert names.index("économie solidaire") < names.index("emploi")


SWAPPED_TITLES = {
    "events/2024/fete.md": "Title: Rencontre de juin\nStart: 2024-06-01\nPlace: Lille\n\nRécit.\n",
    "events/2024/rencontre.md": "Title: Fête\nStart: 2024-05-01\nPlace: Roubaix\n\nRécit.\n",
    "guestbook/fete/alice.md": "Author: Alice\nEvent: fete\nDate: 2024-06-02\n\nBravo.\n",
    "guestbook/fete/bruno.md": (
        "Author: Bruno\nEvent: Rencontre de juin\nDate: 2024-06-02\n\nMerci.\n"
    ),
}


def test_a_reference_by_slug_wins_and_a_title_leads_to_the_same_page(make_site):
    build = make_site(SWAPPED_TITLES)
    assert build.returncode == 0, build.log
    fete = words(build.html("livre-d-or/fete/").select_one("main").get_text())
    assert "Alice" in fete  # « fete » names this event, though another one is titled « Fête »
    assert "Bruno" in fete  # named by its title
    assert not build.exists("livre-d-or/rencontre-de-juin/")
    bruno = [a["href"] for a in build.html("auteurs/bruno/").select("main a[href*='livre-d-or']")]
    assert bruno and all(href.startswith("/livre-d-or/fete/") for href in bruno)


def test_a_programme_without_a_date_does_not_break_the_directory(make_site):
    build = make_site(
        {
            "projects/hote.md": "Title: Hôte\nStage: en activité\n\nTexte.\n",
            "projects/heberge.md": "Title: Hébergé\nStage: idée\nProgramme: hote\n\nTexte.\n",
        }
    )
    assert build.returncode == 0, build.log
    assert build.exists("projets/programme/hote/")


def test_a_hidden_project_is_written_but_never_listed(make_site):
    build = make_site(
        {
            "projects/visible.md": "Title: Visible\nStage: idée\n\nTexte.\n",
            "projects/cache.md": "Title: Caché\nStage: idée\nStatus: hidden\n\nTexte.\n",
        }
    )
    assert build.returncode == 0, build.log
    assert build.exists("projets/cache/")
    assert "Caché" not in build.html("projets/").select_one("main").get_text()
    assert "projets/cache/" not in (build.output / "sitemap.xml").read_text(encoding="utf-8")
