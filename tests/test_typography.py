"""Unit tests for the typography_fr plugin (no site build)."""

from __future__ import annotations

import copy
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest

import plugins.typography_fr as typography_fr
from catalyst.model.typography.rules import typeset
from plugins.typography_fr import add_jinja_filter

NB = "\u00a0"  # no-break space (before ":")
NN = "\u202f"  # narrow no-break space (before ; ! ?, inside « », numbers)

# (input, expected French output).  Sentences from the seed pages come first.
FRENCH_CASES = [
    ("Qui sommes-nous ?", f"Qui sommes-nous{NN}?"),
    ("« Territoires en réseaux »", f"«{NN}Territoires en réseaux{NN}»"),
    (
        "Territoires en réseaux : d'internet aux innovations sociales ouvertes",
        f"Territoires en réseaux{NB}: d’internet aux innovations sociales ouvertes",
    ),
    ("l'innovation", "l’innovation"),
    (
        "ANIS a été créée il y a plus de 10 ans",
        "ANIS a été créée il y a plus de 10 ans",
    ),
    ("Sur 200m2", f"Sur 200{NN}m²"),
    ("Sur 200 m2", f"Sur 200{NN}m²"),
    ("70 % des foyers", f"70{NN}% des foyers"),
    ("2300 €", f"2300{NN}€"),
    ("2 300 €", f"2{NN}300{NN}€"),
    ("15 km à pied", f"15{NN}km à pied"),
    ("59 000 Lille", f"59{NN}000 Lille"),
    ("la 10ème année", "la 10<sup>e</sup> année"),
    ("XXIe siècle", "XXI<sup>e</sup> siècle"),
    ("1er janvier", "1<sup>er</sup> janvier"),
    ("la 1ère fois, le 2nd tour", "la 1<sup>re</sup> fois, le 2<sup>nd</sup> tour"),
    ("Napoléon Ier et la Ve République", "Napoléon I<sup>er</sup> et la V<sup>e</sup> République"),
    ("dès les premières heures...", "dès les premières heures…"),
    ("Le collectif --- un réseau --- agit", "Le collectif — un réseau — agit"),
    ("de 2010--2012", "de 2010–2012"),
    ("ANIS - Catalyst", "ANIS – Catalyst"),
    ("Nord-Pas-de-Calais et co-construction", "Nord-Pas-de-Calais et co-construction"),
    ("Vous êtes ici : accueil", f"Vous êtes ici{NB}: accueil"),
    ("Résumé: x", f"Résumé{NB}: x"),
    ("Quoi ?! Vraiment !", f"Quoi{NN}?! Vraiment{NN}!"),
    ("un ; deux", f"un{NN}; deux"),
    ('Il dit "bonjour" et part', f"Il dit «{NN}bonjour{NN}» et part"),
    ("la «e-inclusion»", f"la «{NN}e-inclusion{NN}»"),
    ("trop  d'espaces   ici", "trop d’espaces ici"),
    ("Me Dupont, De Gaulle, AXe, Ce texte", "Me Dupont, De Gaulle, AXe, Ce texte"),
    ("Il est 10:30, voir http: ou a:b", "Il est 10:30, voir http: ou a:b"),
]

CODE_CASES = [
    '<pre><code>a : b "x" ...</code></pre>',
    '<p>Tapez <code>a : b "x" ...</code> puis <kbd>Ctrl ?</kbd></p>',
    "<p><samp>Erreur : 10 %</samp></p>",
    '<script>if (a<b && c) { x = "a : b"; }</script>',
    '<style>a:hover { content: "x ?" }</style>',
    "<math><mi>a</mi><mo>:</mo><mi>b</mi></math>",
    '<!-- note : "brouillon" ... -->',
]

ENGLISH_CASES = [
    ('He said "hello" -- it\'s fine...', "He said “hello” – it’s fine…"),
    ("Back in the '90s: 'quoted' words!", "Back in the ’90s: ‘quoted’ words!"),
]

ALREADY_CORRECT = (
    f"<p>«{NN}Territoires en réseaux{NN}»{NB}: l’innovation, 10{NN}% et "
    f"2{NN}300{NN}€, le XXI<sup>e</sup> siècle… Qui sommes-nous{NN}?</p>"
)


def fr(text: str) -> str:
    return typeset(text, lang="fr")


@pytest.mark.parametrize(("before", "after"), FRENCH_CASES)
def test_french_table(before, after):
    assert fr(before) == after
    assert fr(f"<p>{before}</p>") == f"<p>{after}</p>"


@pytest.mark.parametrize(
    "text",
    [c[0] for c in FRENCH_CASES] + CODE_CASES + [ALREADY_CORRECT],
)
def test_idempotent_on_whole_table(text):
    once = fr(text)
    assert fr(once) == once


@pytest.mark.parametrize("text", [c[0] for c in ENGLISH_CASES])
def test_idempotent_in_english(text):
    once = typeset(text, lang="en")
    assert typeset(once, lang="en") == once


def test_question_mark_gets_narrow_no_break_space():
    assert fr("Qui ?") == f"Qui{NN}?"
    assert fr("Qui?") == f"Qui{NN}?"


def test_exclamation_and_semicolon_get_narrow_no_break_space():
    assert fr("Oui! et non; bref") == f"Oui{NN}! et non{NN}; bref"


def test_colon_gets_no_break_space_not_narrow():
    assert fr("Note : x") == f"Note{NB}: x"
    assert fr("Note: x") == f"Note{NB}: x"
    assert fr("Note :") == f"Note{NB}:"


def test_colon_in_times_urls_and_words_is_untouched():
    assert fr("à 10:30 et 8:00") == "à 10:30 et 8:00"
    assert fr("le schéma http: seul") == "le schéma http: seul"
    assert fr("clé:valeur") == "clé:valeur"


def test_spaces_inside_guillemets_become_narrow():
    assert fr("« a »") == f"«{NN}a{NN}»"
    assert fr("«a»") == f"«{NN}a{NN}»"
    assert fr("«   a   »") == f"«{NN}a{NN}»"


def test_straight_quotes_become_guillemets_across_inline_tags():
    assert fr('<p>"<em>Le</em> Monde" titre</p>') == (f"<p>«{NN}<em>Le</em> Monde{NN}» titre</p>")
    assert fr('<p>lu dans "Le <a href="/m">Monde</a>"</p>') == (
        f'<p>lu dans «{NN}Le <a href="/m">Monde</a>{NN}»</p>'
    )


def test_quote_state_resets_at_block_boundary():
    # 'a"b' is ambiguous: it follows the state, which must restart in each block.
    assert fr('<p>x "y</p><p>a"b</p>') == f"<p>x «{NN}y</p><p>a«{NN}b</p>"
    assert fr('<p>x "y a"b</p>') == f"<p>x «{NN}y a{NN}»b</p>"


def test_rules_apply_across_inline_tags():
    assert fr("<p><em>Qui</em> ? et <b>quoi</b>?</p>") == (
        f"<p><em>Qui</em>{NN}? et <b>quoi</b>{NN}?</p>"
    )
    assert fr("<p>Qui <em>est </em>?</p>") == f"<p>Qui <em>est{NN}</em>?</p>"
    assert fr("<p>10 <em>%</em></p>") == f"<p>10{NN}<em>%</em></p>"


def test_apostrophe_becomes_typographic():
    assert fr("aujourd'hui l'ANIS") == "aujourd’hui l’ANIS"


def test_dashes_and_hyphens():
    assert fr("a --- b -- c - d") == "a — b – c – d"
    assert fr("e-inclusion, Hauts-de-France, ----") == "e-inclusion, Hauts-de-France, ----"


def test_ellipsis():
    assert fr("Web...") == "Web…"
    assert typeset("Web...", lang="de") == "Web…"


def test_number_units_and_thousands_get_narrow_no_break_space():
    assert fr("10 % de 2 300 000 € sur 15 km et 3 kg") == (
        f"10{NN}% de 2{NN}300{NN}000{NN}€ sur 15{NN}km et 3{NN}kg"
    )
    assert fr("les 3 m’ont dit, 06 42 71 83 56") == "les 3 m’ont dit, 06 42 71 83 56"


def test_ordinals_only_after_digits_or_roman_numerals():
    assert fr("XIXe et 2e") == "XIX<sup>e</sup> et 2<sup>e</sup>"
    assert fr("De Me Le Ce AXe DIVERS") == "De Me Le Ce AXe DIVERS"
    assert fr("1e-3 et 10er2") == "1e-3 et 10er2"


def test_double_spaces_collapsed_but_not_in_pre():
    html = "<p>a  b</p><pre>a  b</pre>"
    assert fr(html) == "<p>a b</p><pre>a  b</pre>"


@pytest.mark.parametrize("html", CODE_CASES)
def test_code_and_raw_elements_are_untouched(html):
    assert fr(html) == html


def test_inline_code_untouched_but_surrounding_text_typeset():
    assert fr('<p>le <code>a : "b"</code> : c</p>') == f'<p>le <code>a : "b"</code>{NB}: c</p>'


def test_extra_ignore_tags():
    html = "<p><span>x ?</span> <q>y ?</q></p>"
    assert fr(html) == f"<p><span>x{NN}?</span> <q>y{NN}?</q></p>"
    assert typeset(html, ignore_tags=("Q",)) == f"<p><span>x{NN}?</span> <q>y ?</q></p>"


def test_attributes_untouched_but_link_text_typeset():
    html = '<p><a href="http://x.fr/a?b=c:d" title="Qui ?">Qui ?</a></p>'
    expected = f'<p><a href="http://x.fr/a?b=c:d" title="Qui ?">Qui{NN}?</a></p>'
    assert fr(html) == expected
    img = '<p>Vue <img alt="l\'eau : 10 %" src="a.png"> : ici</p>'
    assert fr(img) == f'<p>Vue <img alt="l\'eau : 10 %" src="a.png">{NB}: ici</p>'


def test_url_in_text_untouched():
    html = "<p>Voir http://x.fr/a?b=c:d&amp;e=1 ou www.ticassos.org ; merci</p>"
    assert fr(html) == f"<p>Voir http://x.fr/a?b=c:d&amp;e=1 ou www.ticassos.org{NN}; merci</p>"


def test_email_in_text_untouched():
    assert fr("Écrire à contact@anis.asso.fr !") == f"Écrire à contact@anis.asso.fr{NN}!"
    assert fr("a.b-c@x.fr: oui") == f"a.b-c@x.fr{NB}: oui"


def test_entities_are_decoded_safely_and_not_double_escaped():
    assert fr("R&amp;D : AT&amp;T") == f"R&amp;D{NB}: AT&amp;T"
    assert fr("a&lt;b ?") == f"a&lt;b{NN}?"
    assert fr("l&#8217;eau") == "l’eau"
    assert fr("Qui&nbsp;?") == f"Qui{NB}?"  # an existing no-break space is kept
    assert fr("&quot;x&quot;") == f"«{NN}x{NN}»"


def test_existing_typographic_characters_kept():
    text = f"«{NB}a{NB}» Qui{NB}? l’eau «{NN}b{NN}» 10{NB}%"
    assert fr(text) == text


def test_already_correct_input_unchanged():
    assert fr(ALREADY_CORRECT) == ALREADY_CORRECT


class _Structure(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, tuple(attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", tag))


def _structure(html):
    parser = _Structure()
    parser.feed(html)
    parser.close()
    return [e for e in parser.events if e[1] != "sup"]


def test_output_keeps_the_markup_structure():
    html = "".join(c[0] for c in FRENCH_CASES) + "".join(CODE_CASES)
    html = f'<div><p class="a b" data-x=\'1 > 0\'>{html}</p><img src="x.png"/></div>'
    assert _structure(fr(html)) == _structure(html)


def test_english_gets_curly_quotes_and_no_french_spaces():
    for before, after in ENGLISH_CASES:
        assert typeset(before, lang="en") == after
    assert typeset("Who? Me: 10 %", lang="en-GB") == "Who? Me: 10 %"


def test_other_languages_get_only_neutral_fixes():
    assert typeset('Wer  ? "ja"...', lang="de") == 'Wer ? "ja"…'


def _read(text: str, **settings):
    """What the reader (plugins.content_reader) makes of an article file."""
    from pelican.settings import DEFAULT_CONFIG

    from catalyst.model.reader.read import read_file
    from plugins.content_reader import reader_config

    config = reader_config({**copy.deepcopy(DEFAULT_CONFIG), "DEFAULT_LANG": "fr", **settings})
    raw = text.encode()
    return read_file("articles/a.md", raw, "articles/a.md", config)


ARTICLE = "Title: {title}\nDate: 2024-01-01\nAuthors: A\n{extra}\nRésumé : x\n"


def test_reader_typesets_body_title_and_summary():
    read = _read(ARTICLE.format(title="Qui sommes-nous ?", extra="Summary: Voir : y\n"))
    assert read.html == f"<p>Résumé{NB}: x</p>"
    assert read.title == f"Qui sommes-nous{NN}?"
    assert read.summary == f"<p>Voir{NB}: y</p>"


def test_reader_typography_is_a_no_op_when_disabled_and_uses_content_lang():
    read = _read(ARTICLE.format(title="Qui ?", extra=""), TYPOGRAPHY_ENABLED=False)
    assert read.html == "<p>Résumé : x</p>"
    english = _read(ARTICLE.format(title='"Hi" ?', extra="Lang: en\n"))
    assert english.title == "“Hi” ?"


def test_jinja_filter_typo():
    from jinja2 import Environment
    from markupsafe import Markup

    generator = SimpleNamespace(env=Environment(), settings={"DEFAULT_LANG": "fr"})
    add_jinja_filter(generator)
    assert generator.env.from_string("{{ v|typo }}").render(v="Qui ?") == f"Qui{NN}?"
    markup = generator.env.filters["typo"](Markup("<b>Qui ?</b>"))
    assert isinstance(markup, Markup)
    assert markup == f"<b>Qui{NN}?</b>"
    generator.settings["TYPOGRAPHY_ENABLED"] = False
    add_jinja_filter(generator)
    assert generator.env.from_string("{{ v|typo }}").render(v="Qui ?") == "Qui ?"


def test_register_connects_the_template_filter_and_nothing_per_content_object():
    from pelican import signals

    typography_fr.register()
    try:
        assert add_jinja_filter in signals.generator_init.receivers_for(object())
        assert not signals.content_object_init.receivers  # the reader typesets, once per file
    finally:
        signals.generator_init.disconnect(add_jinja_filter)


def test_url_never_swallows_a_following_character_reference():
    html = '<p>voir http://www.wiki-brest.net/index.php...&#160;<a href="#fn">↩</a></p>'
    out = typeset(html)
    assert "&#160 ;" not in out and "&#160\u202f;" not in out
    assert "http://www.wiki-brest.net/index.php" in out
