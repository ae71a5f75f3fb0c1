"""Welsh plurals use CLDR's six categories, and every plural entry fills all six.

The legacy rule (nplurals=4) gave 8 and 11 a form of their own but put 0, 3 and 6 together, so
the mutations Welsh needs after "tri" and "chwe" ("tri chefnogwr") could not be written
(GLOSSARY-cy.md, C1). These tests read the catalogue with polib, so a plural entry that loses a
form, or a header that slips back to the old rule, fails here before compilemessages is run.
"""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

PO_FILE = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES" / "django.po"
SIX_FORMS = "nplurals=6; plural=(n==0) ? 0 : (n==1) ? 1 : (n==2) ? 2 : (n==3) ? 3 : (n==6) ? 4 : 5;"
# The numbers each form stands for, and a few that share "other".
NUMBERS = (0, 1, 2, 3, 6, 8, 11)


def _catalogue():
    return polib.pofile(str(PO_FILE))


def _plurals():
    return [entry for entry in _catalogue() if entry.msgid_plural and not entry.obsolete]


def test_the_header_names_cldrs_six_welsh_forms():
    assert _catalogue().metadata["Plural-Forms"] == SIX_FORMS


def test_every_translated_plural_entry_has_six_forms():
    """An entry the lead has not translated yet is empty in every form, never half-filled."""
    plurals = _plurals()
    assert plurals
    for entry in plurals:
        forms = entry.msgstr_plural
        assert sorted(forms) == list(range(6)), entry.msgid
        filled = [bool(forms[index].strip()) for index in range(6)]
        assert all(filled) or not any(filled), (entry.msgid, filled)


@pytest.mark.parametrize("n", NUMBERS)
def test_every_plural_msgid_renders_in_welsh_for_each_category(n):
    """Each translated plural gives Welsh, not its English, for 0, 1, 2, 3, 6, 8 and 11."""
    with translation.override("cy"):
        for entry in _plurals():
            if not entry.msgstr_plural[0].strip():
                continue
            if entry.msgctxt:
                text = translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n)
            else:
                text = translation.ngettext(entry.msgid, entry.msgid_plural, n)
            assert text == entry.msgstr_plural[{0: 0, 1: 1, 2: 2, 3: 3, 6: 4}.get(n, 5)]
            assert text not in (entry.msgid, entry.msgid_plural), entry.msgid


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "Mae angen 0 cefnogwr"),
        (1, "Mae angen 1 cefnogwr"),
        (2, "Mae angen 2 gefnogwr"),
        (3, "Mae angen 3 chefnogwr"),
        (6, "Mae angen 6 chefnogwr"),
        (8, "Mae angen 8 o gefnogwyr"),
        (11, "Mae angen 11 o gefnogwyr"),
    ],
)
def test_supporters_take_the_mutation_their_number_needs(n, expected):
    """Tri and chwe aspirate c-: "tri chefnogwr"; "o gefnogwyr" reads right for every other n."""
    with translation.override("cy"):
        text = translation.ngettext(
            "Your petition needs %(counter)s supporter before we check it. "
            "Each supporter confirms by email.",
            "Your petition needs %(counter)s supporters before we check it. "
            "Each supporter confirms by email.",
            n,
        ) % {"counter": n}
    assert text.startswith(expected + " ar eich deiseb")


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "1 llofnod"), (2, "2 lofnod"), (3, "3 llofnod"), (6, "6 llofnod"), (20, "20 llofnod")],
)
def test_two_signatures_take_the_soft_mutation(n, expected):
    """ "Dau" softens ll- to l- (glossary C5), as the catalogue already does for "2 funud"."""
    with translation.override("cy"):
        cards = translation.ngettext(
            "%(shown)s signature in the last hour", "%(shown)s signatures in the last hour", n
        ) % {"shown": n}
        minutes = translation.ngettext("%(count)s minute", "%(count)s minutes", 2) % {"count": 2}
    assert cards == f"{expected} yn yr awr ddiwethaf"
    assert minutes == "2 funud"


def test_djangos_own_welsh_keeps_its_own_plural_rule():
    """Django's cy catalogue still has four forms; each catalogue is read with its own formula."""
    with translation.override("cy"):
        two = translation.ngettext(
            "Ensure that there are no more than %(max)s digit in total.",
            "Ensure that there are no more than %(max)s digits in total.",
            2,
        ) % {"max": 2}
    assert two == "Sicrhewch nad oes mwy na 2 ddigid i gyd."
