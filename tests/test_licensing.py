"""Items declare a licence from a known list; anything else is refused in French."""

from __future__ import annotations

ARTICLE = """
    Title: Un article
    Date: 2024-05-02
    Authors: Alice Martin
    {licence}
    Un texte.
    """


def test_unknown_licence_fails_with_french_message_naming_file_and_line(make_site):
    build = make_site({"articles/2024/un-article.md": ARTICLE.format(licence="License: WTFPL\n")})
    assert build.returncode != 0
    assert "articles/2024/un-article.md:4" in build.log
    assert "licence inconnue « WTFPL »" in build.log
    assert "CC BY-SA 4.0" in build.log  # says what to write instead
    assert not (build.output / "2024/un-article/index.html").exists()


def test_every_bad_licence_is_reported_in_one_run(make_site):
    build = make_site(
        {
            "articles/2024/premier.md": ARTICLE.format(licence="License: GPL\n"),
            "articles/2024/second.md": ARTICLE.format(licence="License: CC-BY-ZZ\n"),
        }
    )
    assert build.returncode != 0
    assert "premier.md:4" in build.log
    assert "second.md:4" in build.log


def test_declared_licence_is_shown_and_spdx_spelling_accepted(make_site):
    build = make_site({"articles/2024/un-article.md": ARTICLE.format(licence="License: cc0-1.0\n")})
    assert build.returncode == 0, build.log
    page = build.html("2024/un-article/")
    link = page.select_one("footer a[rel=license]")
    assert link["href"] == "https://creativecommons.org/publicdomain/zero/1.0/deed.fr"
    assert "CC0 1.0" in link.get_text()


def test_item_without_licence_gets_cc_by_sa(make_site):
    build = make_site({"articles/2024/un-article.md": ARTICLE.format(licence="")})
    assert build.returncode == 0, build.log
    link = build.html("2024/un-article/").select_one("footer a[rel=license]")
    assert "CC BY-SA 4.0" in link.get_text()


def test_json_ld_keeps_any_title_inside_its_script_block(make_site):
    import json

    from catalyst.model.jsonld import to_script

    # A title that decodes to markup is refused (tests/test_hostile_text.py); `<` and `&` as
    # text are allowed, and JSON-LD holds them escaped, whatever follows them.
    title = "Fête 3 < 5 &amp; co, 3 <= 4"
    build = make_site(
        {
            "articles/2024/un-article.md": ARTICLE.format(licence="").replace(
                "Title: Un article", f"Title: {title}"
            )
        }
    )
    assert build.returncode == 0, build.log
    page = build.html("2024/un-article/")
    blocks = page.select('script[type="application/ld+json"]')
    data = [json.loads(block.string) for block in blocks]  # each block whole, parsed as JSON
    names = {d.get("headline") or d.get("name") for d in data}
    names |= {i["name"] for d in data for i in d.get("itemListElement", [])}
    assert "Fête 3 < 5 & co, 3 <= 4" in names, names
    for block in blocks:
        assert "<" not in block.string and "&" not in block.string
    ended = json.loads(to_script({"name": "</script><!-- & \u2028"}))  # what no title can be
    assert ended == {"name": "</script><!-- & \u2028"}
    assert not set("<>&\u2028") & set(to_script({"name": "</script><!-- & \u2028"}))


def test_one_pure_function_describes_an_item_from_plain_inputs():
    from datetime import date

    from catalyst.model.fields import Field
    from catalyst.model.jsonld import Declaration, Facts, Reference, describe, describe_group
    from catalyst.model.licences import find

    settings = {"SITEURL": "https://example.org", "AUTHOR": "ANIS"}
    licence = find("CC BY-SA 4.0")
    declaration = Declaration(
        "Review",
        {"author": "Person"},
        "reviewBody",
        (
            Field("event", type="ref", collection="events", jsonld="itemReviewed"),
            Field("name", jsonld="author.name"),
            Field("day", type="date", jsonld="dateCreated"),
        ),
    )
    data = describe(
        Facts("WebPage", "Un <em>avis</em>", "livre-d-or/x/#a", "fr"),
        licence,
        settings,
        declaration=declaration,
        values={"name": "Alice", "day": date(2012, 11, 23)},
        references={"event": Reference("Event", "Roumics &amp; co", "evenements/x/")},
        body="<p>Très bien.</p>",
    )
    assert data["name"] == "Un avis" and data["url"] == "https://example.org/livre-d-or/x/#a"
    assert data["license"] == licence.url and "headline" not in data
    entity = data["mainEntity"]
    assert list(entity) == ["@type", "author", "dateCreated", "itemReviewed", "reviewBody"]
    assert entity["author"] == {"@type": "Person", "name": "Alice"}
    assert entity["dateCreated"] == "2012-11-23"
    assert entity["itemReviewed"] == {
        "@type": "Event",
        "name": "Roumics & co",
        "url": "https://example.org/evenements/x/",
    }
    assert entity["reviewBody"] == "Très bien."
    group = describe_group("Livre d’or", "livre-d-or/x/", licence, [entity], settings)
    assert group["@type"] == "CollectionPage" and group["hasPart"] == [entity]
