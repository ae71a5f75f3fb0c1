"""Seed the rejection reasons of PRODUCT.md; staff may reword them in the admin afterwards."""

from django.db import migrations

REASONS = [
    ("insufficient", False,
     "Not enough signatures",
     "The petition did not collect enough signatures to be considered by the Petitions Committee.",
     "Dim digon o lofnodion",
     "Ni chasglodd y ddeiseb ddigon o lofnodion i gael ei hystyried gan y Pwyllgor Deisebau."),
    ("duplicate", False,
     "Duplicate of another petition",
     "There is already a petition about the same issue. You can sign that petition instead.",
     "Dyblygiad o ddeiseb arall",
     "Mae deiseb eisoes am yr un mater. Gallwch lofnodi'r ddeiseb honno yn lle hynny."),
    ("irrelevant", False,
     "Not the responsibility of the Senedd or the Welsh Government",
     "The petition asks for action on something that is not the responsibility of the Senedd "
     "or the Welsh Government.",
     "Nid yw'n gyfrifoldeb y Senedd na Llywodraeth Cymru",
     "Mae'r ddeiseb yn gofyn am weithredu ar rywbeth nad yw'n gyfrifoldeb y Senedd na "
     "Llywodraeth Cymru."),
    ("no-action", False,
     "It did not ask for a clear action",
     "We could not tell what the petition is asking the Senedd or the Welsh Government to do.",
     "Nid oedd yn gofyn am gam gweithredu clir",
     "Nid oeddem yn gallu dweud beth mae'r ddeiseb yn gofyn i'r Senedd neu Lywodraeth Cymru ei "
     "wneud."),
    ("fake-name", False,
     "The creator's name was not a real name",
     "Petitions must be created by a real person or organisation, giving their real name.",
     "Nid oedd enw'r deisebydd yn enw go iawn",
     "Rhaid i ddeisebau gael eu creu gan berson neu sefydliad go iawn, gan roi eu henw go iawn."),
    ("bad-address", False,
     "The creator does not live in Wales",
     "Petitions can only be created by people or organisations with an address in Wales.",
     "Nid yw'r deisebydd yn byw yng Nghymru",
     "Dim ond pobl neu sefydliadau sydd â chyfeiriad yng Nghymru sy'n gallu creu deisebau."),
    ("libellous", True,
     "It included potentially libellous, false or defamatory statements",
     "The petition included statements that may be libellous, false or defamatory.",
     "Roedd yn cynnwys datganiadau a allai fod yn enllibus, yn anwir neu'n ddifenwol",
     "Roedd y ddeiseb yn cynnwys datganiadau a allai fod yn enllibus, yn anwir neu'n "
     "ddifenwol."),
    ("offensive", True,
     "It included offensive language or material",
     "The petition included language or material that is offensive, nonsense or a joke.",
     "Roedd yn cynnwys iaith neu ddeunydd sarhaus",
     "Roedd y ddeiseb yn cynnwys iaith neu ddeunydd sarhaus, disynnwyr neu'n jôc."),
    ("not-suitable", True,
     "It was not suitable to be published",
     "The petition did not meet the petition standards for another reason.",
     "Nid oedd yn addas i'w chyhoeddi",
     "Nid oedd y ddeiseb yn bodloni'r safonau deisebau am reswm arall."),
]


def seed(apps, schema_editor):
    RejectionReason = apps.get_model("moderation", "RejectionReason")
    for position, (code, hidden, title_en, desc_en, title_cy, desc_cy) in enumerate(REASONS):
        RejectionReason.objects.update_or_create(
            code=code,
            defaults={
                "hidden": hidden, "position": position, "title_en": title_en,
                "description_en": desc_en, "title_cy": title_cy, "description_cy": desc_cy,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("moderation", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
