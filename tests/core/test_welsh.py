"""The Welsh catalogue is complete, compiled, and what a reader of /cy/ actually sees."""

import gettext as gnu_gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from tests.factories import OpenPetitionFactory

pytestmark = pytest.mark.django_db

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"
# CLDR's six Welsh categories: zero, one, two, few (3), many (6), other.
PLURAL_FORMS = (
    "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"
)
# Printf-style placeholders Django fills in: %(name)s, %(limit_value)d, %(seconds).1f …
PLACEHOLDER = re.compile(r"%\(\w+\)[-+ #0]*\d*(?:\.\d+)?[sdif]")


def _unquote(line: str) -> str:
    body = line[line.index('"') + 1 : line.rindex('"')]
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), body)


def parse_po(path: Path) -> list[dict]:
    """Entries as {"flags": set, "msgid": str, "msgid_plural": str|None, "msgstr": [str, …]}.

    Enough of the PO format for a guard test: comments, flags, multi-line strings, plurals.
    Obsolete (#~) entries are skipped.
    """
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = {
            "flags": set(),
            "msgctxt": None,
            "msgid": None,
            "msgid_plural": None,
            "msgstr": {},
        }
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith("msgctxt"):
                key = "msgctxt"
                entry[key] = _unquote(line)
            elif line.startswith("msgid_plural"):
                key = "msgid_plural"
                entry[key] = _unquote(line)
            elif line.startswith("msgid"):
                key = "msgid"
                entry[key] = _unquote(line)
            elif line.startswith("msgstr"):
                match = re.match(r"msgstr(?:\[(\d+)\])?", line)
                key = int(match.group(1) or 0)
                entry["msgstr"][key] = _unquote(line)
            elif line.startswith('"') and key is not None:
                if isinstance(key, int):
                    entry["msgstr"][key] += _unquote(line)
                else:
                    entry[key] += _unquote(line)
        if entry["msgid"] is not None:
            entry["msgstr"] = [entry["msgstr"][i] for i in sorted(entry["msgstr"])]
            entries.append(entry)
    return entries


def _messages():
    return [entry for entry in parse_po(PO_FILE) if entry["msgid"] != ""]


def _header() -> str:
    return next(entry for entry in parse_po(PO_FILE) if entry["msgid"] == "")["msgstr"][0]


# (a) The catalogue is complete -------------------------------------------------------------


def test_every_message_is_translated_and_none_is_fuzzy():
    messages = _messages()
    assert messages, f"{PO_FILE} has no messages: run `make messages`"
    untranslated = [e["msgid"] for e in messages if not all(s.strip() for s in e["msgstr"])]
    fuzzy = [e["msgid"] for e in messages if "fuzzy" in e["flags"]]
    assert untranslated == [], "untranslated Welsh messages"
    assert fuzzy == [], "fuzzy Welsh messages"


@pytest.mark.skipif(not shutil.which("msgattrib"), reason="GNU gettext (msgattrib) not installed")
@pytest.mark.parametrize("option", ["--untranslated", "--only-fuzzy"])
def test_msgattrib_finds_nothing_to_do(option):
    result = subprocess.run(
        ["msgattrib", option, "--no-wrap", str(PO_FILE)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == ""


def test_header_declares_welsh_and_its_six_plural_forms():
    header = _header()
    assert "Language: cy\n" in header
    assert f"Plural-Forms: {PLURAL_FORMS}\n" in header
    assert "fuzzy" not in parse_po(PO_FILE)[0]["flags"]


def test_every_plural_message_has_all_six_welsh_forms():
    plurals = [e for e in _messages() if e["msgid_plural"] is not None]
    assert plurals
    for entry in plurals:
        assert len(entry["msgstr"]) == 6, entry["msgid"]


def test_translations_keep_placeholders_markup_and_edge_whitespace():
    for entry in _messages():
        source = entry["msgid_plural"] or entry["msgid"]
        for text in entry["msgstr"]:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), text
            for token in ("<a ", "</a>", "“", "”"):
                assert text.count(token) == entry["msgid"].count(token), (token, text)
            assert text[:1].isspace() == entry["msgid"][:1].isspace(), entry["msgid"]
            assert text[-1:].isspace() == entry["msgid"][-1:].isspace(), entry["msgid"]


def test_compiled_catalogue_matches_the_po_file():
    """The committed .mo is what Django loads: a stale one would serve English or old Welsh."""
    assert MO_FILE.exists(), "run `make messages` to compile locale/cy/LC_MESSAGES/django.mo"
    with MO_FILE.open("rb") as handle:
        compiled = gnu_gettext.GNUTranslations(handle)
    for entry in _messages():
        context = entry["msgctxt"]
        if entry["msgid_plural"] is None:
            got = (
                compiled.pgettext(context, entry["msgid"])
                if context
                else compiled.gettext(entry["msgid"])
            )
            assert got == entry["msgstr"][0], entry["msgid"]
        else:
            for n, index in ((0, 0), (1, 1), (2, 2), (3, 3), (6, 4), (8, 5), (11, 5)):
                args = (entry["msgid"], entry["msgid_plural"], n)
                got = compiled.npgettext(context, *args) if context else compiled.ngettext(*args)
                assert got == entry["msgstr"][index], (entry["msgid"], n)


# (b) Pages in Welsh --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "welsh", "english"),
    [
        ("/cy/", ["Dechrau deiseb", "Deisebau agored", "Llofnodi deiseb"], ["Start a petition"]),
        (
            "/cy/deisebau/gwirio/",
            ["Dechrau deiseb", "Chwilio am ddeisebau tebyg", "Parhau i ddechrau deiseb"],
            ["Start a petition", "Check for similar petitions"],
        ),
    ],
)
def test_welsh_pages_are_in_welsh(client, url, welsh, english):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="cy"' in html
    for text in welsh:
        assert text in html
    for text in english:
        assert text not in html


def test_the_same_pages_in_english_are_still_english(client):
    html = client.get("/en/").content.decode()
    assert 'lang="en"' in html
    assert "Start a petition" in html
    assert "Dechrau deiseb" not in html


def test_welsh_petition_page_uses_welsh_text_state_and_counts(client):
    petition = OpenPetitionFactory(signature_count=2)
    response = client.get(f"/cy/deisebau/{petition.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert petition.action_cy in html
    assert "Llofnodi&#x27;r ddeiseb hon" in html or "Llofnodi'r ddeiseb hon" in html
    assert "Ar agor" in html
    assert "llofnod" in html
    assert "Sign this petition" not in html


# (c) and (d) The catalogue through Django's translation machinery ---------------------------


def test_gettext_in_welsh():
    with translation.override("cy"):
        assert translation.gettext("Check your email") == "Gwiriwch eich e-bost"
        assert translation.gettext("There is a problem") == "Mae problem wedi codi"
        assert translation.gettext("Sign this petition") == "Llofnodi'r ddeiseb hon"
        assert translation.gettext("Welsh") == "Cymraeg"
        assert translation.gettext("English") == "Saesneg"


@pytest.mark.parametrize("n", [0, 1, 2, 3, 6, 8, 11])
def test_ngettext_gives_welsh_for_every_plural_form(n):
    with translation.override("cy"):
        signatures = translation.ngettext("%(shown)s signature", "%(shown)s signatures", n)
        recent = translation.ngettext(
            "%(shown)s signature in the last hour", "%(shown)s signatures in the last hour", n
        )
    assert signatures.strip() and recent.strip()
    # "dau" softens the noun: 2 lofnod (glossary C5); 3 and 6 leave ll- as it is.
    noun = "lofnod" if n == 2 else "llofnod"
    assert signatures % {"shown": n} == f"{n} {noun}"
    assert recent % {"shown": n} == f"{n} {noun} yn yr awr ddiwethaf"
