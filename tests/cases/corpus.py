"""One small case per mistake a volunteer can make, with what the report must say.

Every case lives in its own files (unique names, categories and tags), so that
the whole corpus builds as one site and each case is checked in that single
run. `expect` lists (file under content/, line or None, words of the message);
with `exact`, the file gets no other problem. Lines count from 1, and
`article()` puts Title, Date, Authors and Summary on lines 1 to 4, `extra`
header lines from line 5 and the body two lines after the last header line.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


def article(*extra: str, title="Un article", date="2024-05-01", body="Un texte.") -> str:
    head = [f"Title: {title}", f"Date: {date}", "Authors: Alice Martin", "Summary: Un résumé."]
    return "\n".join([*head, *extra]) + "\n\n" + body + "\n"


def page(*extra: str, title="Une page", body="Un texte.") -> str:
    return "\n".join([f"Title: {title}", *extra]) + "\n\n" + body + "\n"


@dataclass(frozen=True)
class Case:
    id: str
    files: dict[str, str | bytes]
    expect: list[tuple[str, int | None, str]]
    exact: bool = True
    severity: str = "erreur"
    setup: Callable[[Path], None] | None = field(default=None, compare=False)


def _symlink(name: str, target: str) -> Callable[[Path], None]:
    def make(content: Path) -> None:
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, content / name)

    return make


A = "articles/2024/"
CASES = [
    # The header, line by line.
    Case("space_before_colon", {A + "espace.md": article("Tags : communs")},
         [(A + "espace.md", 5, "espace avant les deux-points ; écrivez « Tags: communs »")]),
    Case("accented_key", {A + "accent.md": article("Résumé: Un texte.")},
         [(A + "accent.md", 5, "clé d’en-tête illisible « Résumé »")]),
    Case("line_without_colon", {A + "sans-deux-points.md": article("Ceci n’est pas une clé")},
         [(A + "sans-deux-points.md", 5, "ligne sans « : » dans l’en-tête")]),
    Case("unknown_key", {A + "categorie.md": article("Categorie: Vie du collectif")},
         [(A + "categorie.md", 5, "clé inconnue « Categorie » ; vouliez-vous dire « Category »")]),
    Case("required_key_in_french", {A + "titre.md": "Titre: T\nDate: 2024-05-01\nAuteur: A\n\nT\n"},
         [(A + "titre.md", 1, "clé inconnue « Titre » ; vouliez-vous dire « Title » ?"),
          (A + "titre.md", 3, "clé inconnue « Auteur » ; vouliez-vous dire « Authors » ?")]),
    Case("misspelt_key", {A + "tag.md": article("Tag: communs")},
         [(A + "tag.md", 5, "clé inconnue « Tag » ; vouliez-vous dire « Tags » ?")]),
    Case("duplicated_key", {A + "deux-titres.md": article("Title: Un autre titre")},
         [(A + "deux-titres.md", 5, "clé « Title » en double (déjà ligne 1)")]),
    Case("french_date", {A + "date-francaise.md": article(date="03/04/2024")},
         [(A + "date-francaise.md", 2, "écrivez la date au format AAAA-MM-JJ : « 2024-04-03 »")]),
    Case("date_that_does_not_exist", {A + "trente-fevrier.md": article(date="2024-02-30")},
         [(A + "trente-fevrier.md", 2, "la date « 2024-02-30 » n’existe pas")]),
    Case("empty_title", {A + "titre-vide.md": article(title="")},
         [(A + "titre-vide.md", 1, "la valeur de « Title » est vide")]),
    Case("punctuation_title", {A + "ponctuation.md": article(title="?! …")},
         [(A + "ponctuation.md", 1, "titre sans lettre ni chiffre")]),
    Case("long_title", {A + "titre-long.md": article(title="Un titre bien long " * 10)},
         [(A + "titre-long.md", 1, "titre trop long (189 caractères, 150 au plus)")]),
    Case("control_characters", {A + "controle.md": article(title="Un\x0btitre", body="A\x07b")},
         [(A + "controle.md", 1, "caractère de contrôle invisible U+000B (colonne 10)"),
          (A + "controle.md", 6, "caractère de contrôle invisible U+0007")]),
    Case("not_utf8", {A + "latin1.md": article(title="Café").encode("cp1252")},
         [(A + "latin1.md", 1, "pas en UTF-8 (octet 0xE9, sans doute « é »"),
          (A + "latin1.md", 4, "pas en UTF-8 (octet 0xE9")]),
    Case("missing_date", {A + "sans-date.md": "Title: T\nAuthors: A\nSummary: S\n\nTexte.\n"},
         [(A + "sans-date.md", 1, "champ obligatoire « Date » manquant")]),
    Case("missing_authors", {A + "sans-auteur.md": "Title: T\nDate: 2024-05-01\nSummary: S\n\nT\n"},
         [(A + "sans-auteur.md", 1, "champ obligatoire « Authors ou Author » manquant")]),
    Case("author_and_authors", {A + "deux-auteurs.md": article("Author: Bob")},
         [(A + "deux-auteurs.md", 5, "« Authors » et « Author » à la fois")]),
    Case("unknown_status", {A + "statut.md": article("Status: publish")},
         [(A + "statut.md", 5, "vouliez-vous dire « published » ?")]),
    Case("status_skip_would_hide_the_file", {A + "skip.md": article("Status: skip")},
         [(A + "skip.md", 5, "valeur « skip » inconnue pour « Status »")]),
    Case("unknown_licence_reported_once", {A + "licence.md": article("License: CC-BY")},
         [(A + "licence.md", 5, "licence inconnue « CC-BY »")]),
    Case("blank_first_line", {A + "ligne-vide.md": "\n" + article()},
         [(A + "ligne-vide.md", 1, "commence par une ligne vide")], exact=False),
    Case("indented_title", {A + "indente.md": article(title="Un titre\n    sur deux lignes")},
         [(A + "indente.md", 1, "la valeur de « Title » continue sur une ligne indentée")]),
    Case("two_categories", {A + "categories.md": article("Category: Histoire, Lille")},
         [(A + "categories.md", 5, "une seule catégorie par article")]),
    Case("slug_with_spaces", {A + "slug.md": article("Slug: Mon Article")},
         [(A + "slug.md", 5, "minuscules, chiffres et tirets : « mon-article »")]),
    Case("save_as_outside_the_site", {A + "dehors.md": article("Save_as: ../../x.html")},
         [(A + "dehors.md", 5, "doit être un chemin relatif dans le site")]),
    Case("page_with_a_date", {"pages/datee.md": page("Date: 2024-01-01")},
         [("pages/datee.md", 2, "clé « Date » inconnue pour une page")]),
    Case("page_order_in_words", {"pages/ordre.md": page("Order: trois")},
         [("pages/ordre.md", 2, "« Order » doit être un nombre entier")]),
    # Raw HTML and addresses.
    Case("script_in_body", {A + "script.md": article(body="Avant.\n\n<script>alert(1)</script>")},
         [(A + "script.md", 8, "balise « <script> » refusée")]),
    Case("iframe_in_body", {A + "iframe.md": article(
        body='<iframe src="https://www.youtube.com/embed/x"></iframe>')},
         [(A + "iframe.md", 6, "écrivez sur une ligne seule « !vidéo[Titre de la vidéo]")]),
    Case("event_handler", {A + "onerror.md": article(body='<img src="a" alt="a" onerror="x()">')},
         [(A + "onerror.md", 6, "attribut « onerror » refusé sur « <img> »")]),
    Case("javascript_link", {A + "javascript.md": article(body="Un [lien](javascript:alert(1)).")},
         [(A + "javascript.md", 6, "lien « javascript: » refusé")]),
    Case("data_url", {A + "data.md": article(body="![Un point](data:image/png;base64,AAAA)")},
         [(A + "data.md", 6, "adresse « data: » refusée")]),
    Case("image_from_another_site", {A + "tiers.md": article(body="![Logo](https://ex.org/l.png)")},
         [(A + "tiers.md", 6, "image chargée depuis un autre site (« ex.org »)")]),
    Case("script_in_title", {A + "titre-html.md": article(title="<script>x()</script>Titre")},
         [(A + "titre-html.md", 1, "balise « <script> » refusée")]),
    Case("html_in_category", {A + "categorie-html.md": article("Category: <b>Gras</b>")},
         [(A + "categorie-html.md", 5, "balise HTML « <b> » dans l’en-tête")]),
    # Header values are text: markup written with entities is markup to whatever decodes it.
    Case("title_with_entity_encoded_script",
         {A + "titre-entites.md": article(title="&lt;script&gt;alert(1)&lt;/script&gt;")},
         [(A + "titre-entites.md", 1, "le titre contient du HTML écrit en entités (qui se lit "
           "« <script> ») ; écrivez-le en texte simple")]),
    Case("title_with_numeric_entities",
         {A + "titre-numerique.md": article(title="Photo &#60;img src=x onerror=alert(1)&#62;")},
         [(A + "titre-numerique.md", 1, "(qui se lit « <img src=x onerror=alert(1)> »)")]),
    Case("title_with_an_inline_tag", {A + "titre-em.md": article(title="Un <em>titre</em>")},
         [(A + "titre-em.md", 1, "le titre contient du HTML (« <em> ») ; écrivez-le en texte "
           "simple, sans balises")]),
    Case("category_with_hexadecimal_entities",
         {A + "categorie-hexa.md": article("Category: &#x3c;svg onload=alert(1)&#x3e;")},
         [(A + "categorie-hexa.md", 5, "la valeur de « Category » contient du HTML écrit en "
           "entités (qui se lit « <svg onload=alert(1)> »)")]),
    Case("tag_with_entities_encoded_twice",
         {A + "mot-cle-double.md": article("Tags: encodage double, &amp;lt;b&amp;gt;gras")},
         [(A + "mot-cle-double.md", 5, "la valeur de « Tags » contient du HTML écrit en entités "
           "(qui se lit « <b> »)")]),
    Case("authors_with_entities_without_semicolons",
         {A + "auteurs-entites.md": "Title: T\nDate: 2024-05-01\n"
          "Authors: Agathe Sansbalise, &lt!-- x\nSummary: S.\n\nTexte.\n"},
         [(A + "auteurs-entites.md", 3, "la valeur de « Authors » contient du HTML écrit en "
           "entités (qui se lit « <!-- x »)")]),
    Case("guestbook_organisation_with_entities",
         {"guestbook/roumics-2012/org.md": "Author: Jeanne\nEvent: roumics-2012\n"
          "Date: 2012-11-23\nOrganisation: &lt;a href=x&gt;La Coop\n\nMerci !\n"},
         [("guestbook/roumics-2012/org.md", 4, "la valeur de « Organisation » contient du HTML "
           "écrit en entités")]),
    Case("line_separator_in_a_title",
         {A + "separateur.md": article(title="Avant\u2028après")},
         [(A + "separateur.md", 1, "caractère invisible interdit (U+2028, séparateur de ligne) "
           "dans « Title », après « Avant » ; supprimez-le")]),
    Case("paragraph_separator_in_a_place",
         {"events/2024/paragraphe.md": "Title: E\nStart: 2024-05-01\nPlace: Lille\u2029Roubaix\n"
          "\nTexte.\n"},
         [("events/2024/paragraphe.md", 3, "caractère invisible interdit (U+2029")]),
    Case("escape_character_in_a_category_reported_once",
         {A + "echappement.md": article("Category: Vie\x1b[2J du collectif")},
         [(A + "echappement.md", 5, "caractère de contrôle invisible U+001B")]),
    Case("parser_trick", {A + "commentaire.md": article(body="<!--><script>x()</script>-->")},
         [(A + "commentaire.md", 6, "HTML refusé par le filtre de sécurité")]),
    Case("style_attribute", {A + "style.md": article(body='<p style="position:fixed">x</p>')},
         [(A + "style.md", 6, "attribut « style » refusé sur « <p> »")]),
    Case("broken_video_syntax", {A + "video.md": article(body="!vidéo[Conférence](pas-une-url)")},
         [(A + "video.md", 6, "vidéo illisible")]),
    # Links.
    Case("link_to_a_missing_file", {A + "lien.md": article(body="[Voir]({filename}/pages/x.md)")},
         [(A + "lien.md", 6, "lien vers un fichier qui n’existe pas : « {filename}/pages/x.md »")]),
    Case("static_link_to_a_missing_file",
         {A + "tract.md": article(body="[Le tract]({static}/extra/tract.pdf)")},
         [(A + "tract.md", 6, "lien vers un fichier qui n’existe pas : « {static}/extra/")]),
    Case("filename_link_to_an_image",
         {A + "lien-image.md": article(body="[Plan]({filename}/images/plan.png)"),
          "images/plan.png": b"\x89PNG"},
         [(A + "lien-image.md", 6, "écrivez « {static}/images/plan.png »")]),
    Case("link_to_a_draft",
         {A + "lien-brouillon.md": article(body="[Bientôt]({filename}brouillon.md)"),
          A + "brouillon.md": article("Status: draft")},
         [(A + "lien-brouillon.md", 6, "lien vers un brouillon")], severity="avertissement"),
    # Files no rule takes.
    Case("markdown_extension", {A + "note.markdown": article()},
         [(A + "note.markdown", None, "renommez le fichier en « note.md »")]),
    Case("text_file", {"pages/notes.txt": "Des notes"},
         [("pages/notes.txt", None, "seuls les fichiers « .md » sont publiés")]),
    Case("word_document", {"pages/compte-rendu.docx": b"PK\x03\x04"},
         [("pages/compte-rendu.docx", None, "les fichiers « .docx » ne sont pas publiés")]),
    Case("misspelt_folder", {"article/2024/perdu.md": article()},
         [("article/2024/perdu.md", None, "dossier inconnu « article »")]),
    Case("file_at_the_root", {"a-la-racine.md": article()},
         [("a-la-racine.md", None, "fichier posé à la racine de content/")]),
    Case("image_that_no_text_cites", {A + "photo.jpg": b"\xff\xd8\xff"},
         [(A + "photo.jpg", None, "fichier « .jpg » qu’aucun texte ne cite")]),
    Case("symlink_outside_the_repository", {}, [("images/secret", None, "lien symbolique vers "
         "l’extérieur du dépôt")], setup=_symlink("images/secret", "/etc/hostname")),
    Case("broken_symlink", {}, [("images/casse", None, "lien symbolique cassé")],
         setup=_symlink("images/casse", "nulle-part.png")),
    # Output paths and names.
    Case("save_as_overwrites_a_page",
         {"pages/cible.md": page(), A + "ecrase.md": article("Save_as: cible/index.html")},
         [("pages/cible.md", None, "l’adresse « cible/index.html » est aussi celle de content/"
           "articles/2024/ecrase.md"), (A + "ecrase.md", 5, "est aussi celle de content/pages/")]),
    Case("page_named_like_a_listing", {"pages/archives.md": page()},
         [("pages/archives.md", None, "« archives/index.html » est aussi celle de la page "
           "« archives »")]),
    Case("same_slug_one_with_the_default_lang_written",
         {"articles/2023/jumeau.md": article(date="2023-05-01"),
          "articles/2024/Jumeau.md": article("Lang: fr")},
         [("articles/2023/jumeau.md", None, "même adresse (« jumeau ») et même langue"),
          ("articles/2024/Jumeau.md", None, "même adresse (« jumeau ») et même langue")]),
    Case("same_file_name_twice",
         {"articles/a/doublon.md": article(), "articles/b/doublon.md": article()},
         [("articles/a/doublon.md", None, "même adresse (« doublon »)"),
          ("articles/a/doublon.md", None, "« 2024/doublon/index.html » est aussi celle de"),
          ("articles/b/doublon.md", None, "même adresse (« doublon »)"),
          ("articles/b/doublon.md", None, "« 2024/doublon/index.html » est aussi celle de")]),
    Case("url_announced_by_two_texts",
         {"pages/vraie.md": page(), A + "fausse.md": article("URL: vraie/")},
         [("pages/vraie.md", None, "l’adresse « /vraie/ » est aussi celle de content/articles/"),
          (A + "fausse.md", 5, "l’adresse « /vraie/ » est aussi celle de content/pages/vraie.md")]),
    Case("paths_that_differ_by_case",
         {"pages/casse-a.md": page("Save_as: Casse/index.html"),
          "pages/casse-b.md": page("Save_as: casse/index.html")},
         [("pages/casse-a.md", 2, "ne diffère de « casse/index.html » que par les majuscules"),
          ("pages/casse-b.md", 2, "ne diffère de « Casse/index.html » que par les majuscules")]),
    Case("file_name_too_long_for_the_disk",
         {A + "slug-long.md": article("Slug: " + "a-" * 150 + "b")},
         [(A + "slug-long.md", 5, "nom de fichier trop long pour le disque (301 octets)")]),
    Case("category_spelt_two_ways",
         {A + "casse-1.md": article("Category: Vie associative"),
          A + "casse-2.md": article("Category: vie Associative")},
         [(A + "casse-2.md", 5, "la catégorie « vie Associative » s’écrit « Vie associative » "
           "ailleurs (content/articles/2024/casse-1.md:5)")]),
    Case("tag_spelt_with_and_without_accents",
         {A + "accent-1.md": article("Tags: Évènement"),
          A + "accent-2.md": article("Tags: Evenement")},
         [(A + "accent-2.md", 5, "le mot-clé « Evenement » s’écrit « Évènement » ailleurs")]),
    Case("tag_too_long", {A + "mot-cle-long.md": article("Tags: " + "x" * 120)},
         [(A + "mot-cle-long.md", 5, "nom trop long (120 caractères, 100 au plus)")]),
    # Collections: fields from their declarations, values through their converters.
    Case("guestbook_unknown_key",
         {"guestbook/roumics-2012/jean.md": "Author: Jean\nEvent: roumics-2012\n"
          "Date: 2012-11-23\nOrganisme: La Coop\n\nMerci !\n"},
         [("guestbook/roumics-2012/jean.md", 4, "vouliez-vous dire « Organisation » ?")]),
    Case("project_status_misspelt", {"projects/projet.md": "Title: P\nStage: idee\n\nTexte.\n"},
         [("projects/projet.md", 2, "vouliez-vous dire « idée » ?")]),
    Case("project_stage_written_as_status",
         {"projects/ancien.md": "Title: P\nStage: idée\nStatus: en incubation\n\nTexte.\n"},
         [("projects/ancien.md", 3, "c’est une valeur de « Stage » : écrivez « Stage: en "
           "incubation »")]),
    Case("event_without_place",
         {"events/2024/sans-lieu.md": "Title: E\nStart: 2024-05-01 18:30\n\nTexte.\n"},
         [("events/2024/sans-lieu.md", 1, "champ obligatoire « Place » manquant")]),
    Case("event_with_french_date",
         {"events/2024/date-fr.md": "Title: E\nStart: 23/11/2012\nPlace: Lille\n\nTexte.\n"},
         [("events/2024/date-fr.md", 2, "« 2012-11-23 »")]),
    # Input that once ended in a traceback or in hundreds of messages: one message each.
    Case("text_in_a_static_folder", {"images/notes.md": article()},
         [("images/notes.md", None, "texte Markdown dans un dossier de fichiers (images/)")]),
    Case("raw_html_never_closed",
         {A + "encadre.md": article(body='<div class="encadre">\n\nUn *texte* qui suit.')},
         [(A + "encadre.md", 6, "balise « <div> » jamais fermée")]),
    Case("unknown_link_marker",
         {A + "fichier.md": article(body="Voir [la licence]({fichier}/pages/licence.md).")},
         [(A + "fichier.md", 6, "marqueur de lien inconnu « {fichier} » ; écrivez {filename}")]),
    Case("binary_file_renamed_md",
         {A + "image.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8},
         [(A + "image.md", None, "ce fichier n’est pas du texte")]),
    Case("file_saved_as_utf16", {A + "utf16.md": article(title="Été").encode("utf-16")},
         [(A + "utf16.md", None, "enregistrez-le en UTF-8")]),
    Case("file_name_not_utf8", {A + "caf\udce9.md": article()},
         [(A + "caf\ufffd.md", None, "nom de fichier illisible (il n’est pas en UTF-8)")]),
    Case("link_in_summary_to_a_missing_file",
         {A + "resume-lien.md": "Title: T\nDate: 2024-05-01\nAuthors: A\n"
          "Summary: Voir [ceci]({filename}/nulle-part.md).\n\nTexte.\n"},
         [(A + "resume-lien.md", 4, "lien vers un fichier qui n’existe pas")]),
    Case("link_marker_with_a_capital",
         {A + "majuscule.md": article(body="Voir [la page]({Filename}/pages/apropos.md).")},
         [(A + "majuscule.md", 6, "marqueur de lien inconnu « {Filename} »")]),
    Case("tag_marker_without_a_name", {A + "tag-vide.md": article(body="Voir [t]({tag}).")},
         [(A + "tag-vide.md", 6, "« {tag} » sans nom après lui")]),
    Case("empty_summary",
         {A + "resume-vide.md": "Title: T\nDate: 2024-05-01\nAuthors: A\nSummary:\n\nTexte.\n"},
         [(A + "resume-vide.md", 4, "la valeur de « Summary » est vide")]),
    Case("event_ending_before_it_starts",
         {"events/2024/a-l-envers.md": "Title: E\nStart: 2024-06-01\nEnd: 2024-05-30\n"
          "Place: Lille\n\nTexte.\n"},
         [("events/2024/a-l-envers.md", 3, "la fin est avant le début")]),
    Case("list_written_as_yaml", {A + "crochets.md": article("Tags: [communs, lille]")},
         [(A + "crochets.md", 5, "« Tags » s’écrit sans crochets ; écrivez « Tags: communs, "
           "lille »")]),
    Case("empty_file", {A + "vide.md": ""}, [(A + "vide.md", None, "fichier vide")]),
    Case("key_of_another_type",
         {"guestbook/roumics-2012/tags.md": "Author: Jeanne\nEvent: roumics-2012\n"
          "Date: 2012-11-23\nTags: communs\n\nMerci !\n"},
         [("guestbook/roumics-2012/tags.md", 4, "clé « Tags » inconnue pour un élément de "
           "« Livre d’or »")]),
    Case("symbolic_link_loop", {A + "boucle-voisin.md": article()},
         [(A + "boucle", None, "lien symbolique qui boucle sur un dossier qui le contient")],
         setup=_symlink(A + "boucle", ".")),
]  # fmt: skip
