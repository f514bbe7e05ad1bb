"""Where a photo was taken stays with the volunteer: neither the site nor the repository says it.

Photos are made here like a phone's and photo software's (tests/photos.py):
EXIF with GPS, the phone's make, model and serial, XMP with coordinates and
the city, in every extension the site accepts. The published files are read
with Pillow and searched byte by byte; the pre-commit hook runs in a scratch
repository as `git commit` runs it; the pull-request check runs with the
production settings. Decompression bombs and a full disk are refused in
French, with what to do, never as a bug of the site.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from cases.runner import annotated_check, check_command, parse_report
from PIL import Image
from test_pre_commit import CONFIG, commits, hooked_repository, run

from catalyst.model.images.options import PROCESSED
from catalyst.model.images.variants import Variant
from conftest import DEV_SETTINGS, PUBLISH_SETTINGS, ROOT, build_site, small_disk, write_files
from photos import GPS_IFD, located_photo, metadata_of, phone_jpeg, pixels_of, png_bomb, scene
from plugins.images.location import clean
from plugins.images.store import _encode_into

NBSP, NNBSP = "\u00a0", "\u202f"
EXTENSIONS = sorted(PROCESSED)
PUBLISHED = (".jpg", ".avif", ".webp", ".png", ".gif", ".tif", ".tiff", ".jfif", ".jpe", ".heic",
             ".heif", ".bmp", ".jpeg")  # fmt: skip
# Byte patterns no published image may hold: a GPS IFD's entry (tag, type LONG, count 1) in
# both byte orders, an XMP packet, the phone's make and model, the city.
LEAKS = (b"\x88\x25\x00\x04\x00\x00\x00\x01", b"\x25\x88\x04\x00\x01\x00\x00\x00", b"xmpmeta",
         b"rdf:RDF", b"PhoneMaker", b"Phone 15", b"Lille", b"SN-1234567890")  # fmt: skip
TOLD = "cette photo contient la position GPS de l’endroit où elle a été prise"
ARTICLE = "Title: Les photos\nDate: 2026-11-20\nAuthors: Camille Dupont\n\nLe récit.\n\n{body}\n"


def stem(extension: str) -> str:
    return "photo-" + extension.lstrip(".")


def article(names: list[str]) -> str:
    return ARTICLE.format(
        body="\n\n".join(f"![La photo {n}]({{static}}/images/{n})" for n in names)
    )


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory):
    """One photo of each accepted extension, each cited, with everything a phone writes."""
    root = tmp_path_factory.mktemp("privacy")
    names = [stem(ext) + ext for ext in EXTENSIONS]
    files = {f"images/{stem(ext)}{ext}": located_photo(ext, 320, 240) for ext in EXTENSIONS}
    content = write_files(root / "content", {**files, "articles/2026/photos.md": article(names)})
    build = build_site(content, root / "output")
    assert build.returncode == 0, build.log
    build.content = content
    return build


def published_images(output: Path) -> list[Path]:
    """Every image file of the output but the theme's own."""
    return sorted(
        p
        for p in output.rglob("*")
        if p.suffix.lower() in PUBLISHED and "theme" not in p.relative_to(output).parts
    )


@pytest.mark.parametrize("extension", EXTENSIONS)
def test_a_photo_of_each_extension_is_published_without_any_metadata(photo_site, extension):
    variants = sorted((photo_site.output / "images").glob(stem(extension) + "-*"))
    assert {p.suffix for p in variants} == {".avif", ".jpg"}, variants
    for path in variants:
        data = path.read_bytes()
        assert metadata_of(data) == {}, path
        assert [leak for leak in LEAKS if leak in data] == [], path
        with Image.open(path) as image:
            assert not image.getexif().get_ifd(GPS_IFD) and not image.getexif()


def test_no_original_is_published_and_no_image_anywhere_in_the_output_leaks(photo_site):
    files = published_images(photo_site.output)
    assert len(files) >= 2 * len(EXTENSIONS)
    assert [p for p in files if p.suffix not in (".avif", ".jpg")] == []  # no original copied
    for path in files:
        assert [leak for leak in LEAKS if leak in path.read_bytes()] == [], path


def test_the_preview_warns_about_every_photo_that_tells_where_it_was_taken(photo_site):
    warned = {
        r.path
        for r in parse_report(photo_site.log)
        if r.severity == "avertissement"
        and TOLD in r.text
        and "l’aperçu l’accepte, la publication la refusera" in r.text
    }
    expected = {f"content/images/{stem(ext)}{ext}" for ext in EXTENSIONS if ext != ".bmp"}
    assert warned == expected  # BMP holds no metadata at all


@pytest.mark.parametrize("extension", [e for e in EXTENSIONS if e != ".bmp"])
def test_cleaning_takes_out_the_location_only_and_keeps_the_pixels(extension):
    original = located_photo(extension, 160, 120)
    cleaned, found = clean(original)
    assert found.gps and found.place
    assert pixels_of(cleaned) == pixels_of(original)
    assert clean(cleaned)[1].gps is False and not clean(cleaned)[1]
    with Image.open(io.BytesIO(cleaned)) as image:
        exif = image.getexif() if image.format == "TIFF" else Image.Exif()
        if image.format != "TIFF" and image.info.get("exif"):
            exif.load(image.info["exif"])
        assert not exif.get_ifd(GPS_IFD)
        if extension != ".gif":  # the rest is kept: only the location goes
            assert exif.get(0x0110) == "Phone 15"
    for kept_out in (b"GPSLatitude", b"GPSLongitude", b"<photoshop:City>", b"37.752N"):
        assert kept_out not in cleaned
    if extension != ".png":  # PNG's XMP is compressed: its chunk is written anew
        assert len(cleaned) == len(original)  # nothing moved


def test_the_production_check_refuses_a_photo_with_its_location_and_says_how_to_remove_it(
    tmp_path,
):
    content = write_files(
        tmp_path / "content",
        {
            "images/cour.jpg": phone_jpeg(400, 300),
            "images/jamais-citee.heic": located_photo(".heic", 160, 120),  # in the repository too
            "images/propre.jpg": clean(phone_jpeg(400, 300, seed=2))[0],
            "articles/2026/a.md": article(["cour.jpg", "propre.jpg"]),
        },
    )
    code, log = check_command(content, settings=PUBLISH_SETTINGS)
    assert code == 1, log
    refused = {r.path: r for r in parse_report(log) if TOLD in r.text}
    assert set(refused) == {"content/images/cour.jpg", "content/images/jamais-citee.heic"}, log
    said = refused["content/images/cour.jpg"]
    assert said.severity == "erreur" and said.line is None
    assert f"retirez-la avant de l’envoyer{NBSP}: sur téléphone" in said.text
    assert f"«{NNBSP}Options{NNBSP}», puis désactivez «{NNBSP}Position{NNBSP}»" in said.text
    assert "ExifCleaner" in said.text and "python -m catalyst.tools.strip_location" in said.text
    assert "l’aperçu l’accepte" not in said.text
    assert "Traceback" not in log and "bug du site" not in log

    code, log = check_command(content, settings=DEV_SETTINGS)  # the preview's settings: warned
    assert code == 0, log
    warned = [r for r in parse_report(log) if TOLD in r.text]
    assert {(r.severity, r.path) for r in warned} == {
        ("avertissement", "content/images/cour.jpg"),
        ("avertissement", "content/images/jamais-citee.heic"),
    }


def test_the_pull_request_annotation_points_at_the_photo(tmp_path):
    content = write_files(
        tmp_path / "content",
        {
            "images/cour.jpg": phone_jpeg(400, 300),
            "articles/2026/a.md": article(["cour.jpg"]),
        },
    )
    result = annotated_check(content)
    assert result.returncode == 1, result.stderr
    [annotation] = [line for line in result.stdout.splitlines() if "position GPS" in line]
    assert annotation.startswith("::error file=") and "images/cour.jpg" in annotation


def test_a_decompression_bomb_is_refused_from_its_header_with_its_size(tmp_path):
    animated = io.BytesIO()
    frames = [scene(64, 48, seed=n).convert("P") for n in (1, 2)]
    frames[0].save(animated, "GIF", save_all=True, append_images=frames[1:], duration=200)
    content = write_files(
        tmp_path / "content",
        {
            "images/bombe.png": png_bomb(30_000, 30_000),  # 158 KB, 900 million pixels
            "images/anime.gif": animated.getvalue(),
            "articles/2026/a.md": article(["bombe.png", "anime.gif"]),
        },
    )
    assert (content / "images/bombe.png").stat().st_size < 200_000
    started = time.perf_counter()
    measured = subprocess.run(
        [
            sys.executable,
            "-c",
            MEASURED,
            "build",
            str(content),
            "-s",
            str(DEV_SETTINGS),
            "-o",
            str(tmp_path / "output"),
            "-e",
            "CONTENT_READER_CACHE=false",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    log = measured.stdout + measured.stderr
    assert measured.returncode == 1, log
    assert "Traceback" not in log and "bug du site" not in log
    [bomb] = [r for r in parse_report(log) if "bombe.png" in r.text]
    assert bomb.path == "content/articles/2026/a.md" and bomb.line == 7
    assert f"«{NNBSP}bombe.png{NNBSP}» est trop grande (30{NNBSP}000 × 30{NNBSP}000 pixels" in (
        bomb.text
    )
    assert "au plus 50 millions de pixels" in bomb.text and "réduisez-la" in bomb.text
    [gif] = [r for r in parse_report(log) if "anime.gif" in r.text]
    assert "est une image animée" in gif.text and "exportez-en une seule image" in gif.text
    assert seconds < 60
    peak = int(re.search(r"peak (\d+)", measured.stdout)[1])  # kilobytes
    assert peak < 600_000  # the bomb alone would take 900 MB decoded


# Runs `python -m catalyst` and says the largest resident memory its process had.
MEASURED = """
import resource, sys
from catalyst.tools.cli import main
code = main(sys.argv[1:])
print(f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
sys.exit(code)
"""


def test_a_bomb_found_while_encoding_is_a_french_refusal_not_an_exception(tmp_path):
    source = tmp_path / "grande.png"
    source.write_bytes(png_bomb(3000, 2000))
    variants = (Variant(800, 533, "jpeg", "images/grande-800.jpg"),)
    failure = _encode_into(
        str(source), variants, str(tmp_path / "store/ab/entry"), {"jpeg": 78}, 1_000_000
    )
    assert failure is not None and not failure.disk
    assert f"«{NNBSP}grande.png{NNBSP}» est trop grande (3{NNBSP}000 × 2{NNBSP}000" in (
        failure.message
    )
    assert not (tmp_path / "store/ab/entry").exists()


def test_memory_while_encoding_stays_within_eight_bytes_a_source_pixel(tmp_path):
    source = tmp_path / "grande.png"
    source.write_bytes(png_bomb(8000, 6250, depth=8))  # 50 million grey pixels, made to RGB
    result = subprocess.run(
        [sys.executable, "-c", ENCODE, str(source), str(tmp_path / "out")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    before, after = map(int, result.stdout.split())  # kilobytes
    assert (tmp_path / "out/grande-1600.jpg").is_file()
    assert (after - before) * 1024 < 8 * 50_000_000, (before, after)


ENCODE = """
import os, resource, sys
from catalyst.model.images.variants import Variant, encode
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
os.makedirs(sys.argv[2])
encode(sys.argv[1], (Variant(1600, 1250, "jpeg", "images/grande-1600.jpg"),), sys.argv[2],
       {"jpeg": 78}, max_pixels=50_000_000)
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""

# `python -m catalyst build`, with one write raising « no space left on device ».
FULL_DISK = """
import errno, shutil, sys
import plugins.images as images
import catalyst.model.images.variants as variants
from catalyst.tools.cli import main

def full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")

if sys.argv.pop(1) == "store":
    variants._write = full
else:
    images.shutil = type("shutil", (), {"copyfile": staticmethod(full)})
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("where", ["store", "output"])
def test_a_full_disk_is_said_as_such_with_the_folder(tmp_path, where):
    content = write_files(
        tmp_path / "content",
        {
            "images/cour.jpg": clean(phone_jpeg(400, 300))[0],
            "articles/2026/a.md": article(["cour.jpg"]),
        },
    )
    cache, output = tmp_path / "cache", tmp_path / "output"
    extra = {"IMAGES_CACHE": True, "CACHE_PATH": str(cache), "CONTENT_READER_CACHE": False}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            FULL_DISK,
            where,
            "build",
            str(content),
            "-s",
            str(DEV_SETTINGS),
            "-o",
            str(output),
            "-e",
            *(f"{k}={json.dumps(v)}" for k, v in extra.items()),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 1, log
    [full] = parse_report(log)
    folder = "cache/images" if where == "store" else "output"  # as the project's folders
    assert full.path == folder and full.severity == "erreur"
    assert full.text.startswith(f"disque plein{NBSP}: les photos n’ont pas pu être écrites")
    assert "les photos n’y sont pour rien" in full.text
    assert "illisible" not in log and "bug du site" not in log and "Traceback" not in log


def test_a_really_full_disk_is_said_as_such(tmp_path):
    content = write_files(
        tmp_path / "content",
        {
            "images/cour.jpg": clean(phone_jpeg(1600, 1200))[0],
            "articles/2026/a.md": article(["cour.jpg"]),
        },
    )
    with small_disk(tmp_path / "petit-disque", "64k") as disk:
        extra = {"IMAGES_CACHE": True, "CACHE_PATH": str(disk)}
        build = build_site(content, tmp_path / "output", extra=extra)
    assert build.returncode == 1, build.log
    [full] = parse_report(build.log)
    assert full.path == "petit-disque/images" and full.text.startswith("disque plein")
    assert "illisible" not in build.log and "Traceback" not in build.log


def test_the_hook_takes_every_photo_extension_but_bmp():
    hooks = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))["repos"][0]["hooks"]
    pattern = re.compile(next(h for h in hooks if h["id"] == "strip-location")["files"])
    for extension in EXTENSIONS:
        for name in (f"content/images/a{extension}", f"content/x/A{extension.upper()}"):
            assert bool(pattern.search(name)) == (extension != ".bmp"), name
    for name in ("content/images/a.svg", "content/articles/a.md", "images/a.jpg"):
        assert not pattern.search(name)


@pytest.fixture
def repository(tmp_path):
    """A repository with the project's hooks installed, as tests/test_pre_commit.py makes it."""
    return hooked_repository(tmp_path)


HOOKED = (".jpg", ".heic", ".png", ".tif", ".webp", ".gif")


def test_the_hook_takes_the_location_out_of_staged_photos_once_then_lets_the_commit_in(
    repository,
):
    path, env = repository
    originals = {f"content/images/{stem(ext)}{ext}": located_photo(ext, 160, 120) for ext in HOOKED}
    write_files(path, originals)
    run(path, "git", "add", "content", env=env)
    refused = run(path, "git", "commit", "-m", "Des photos", env=env)
    output = refused.stdout + refused.stderr
    assert refused.returncode != 0, output
    assert commits(path, env) == 1
    for name in originals:
        assert (
            f"Position GPS retirée de {name}{NBSP}: la photo n’en dit plus où elle a été "
            "prise." in output
        )
        staged = subprocess.run(
            ["git", "show", f":{name}"], cwd=path, env=env, capture_output=True, check=True
        ).stdout
        assert staged == (path / name).read_bytes()  # staged again, as it is now
        assert not clean(staged)[1], name  # no location left
        assert pixels_of(staged) == pixels_of(originals[name]), name  # the same picture

    accepted = run(path, "git", "commit", "-m", "Des photos", env=env)
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert commits(path, env) == 2
    listed = run(path, "git", "ls-tree", "-r", "--name-only", "HEAD", env=env).stdout.split()
    assert set(originals) <= set(listed)
    assert "content/images" in run(path, "git", "log", "--stat", "-1", env=env).stdout


def test_the_hook_leaves_a_photo_without_location_alone(repository):
    path, env = repository
    photo = clean(phone_jpeg(300, 200))[0]
    write_files(path, {"content/images/propre.jpg": photo})
    run(path, "git", "add", "content", env=env)
    done = run(path, "git", "commit", "-m", "Une photo", env=env)
    said = done.stdout + done.stderr
    assert done.returncode == 0, said
    assert re.search(r"position des photos.*\.Passed", said)
    assert (path / "content/images/propre.jpg").read_bytes() == photo
