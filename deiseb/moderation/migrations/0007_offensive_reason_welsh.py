"""The "offensive" reason's Welsh lists three parallel predicates (GLOSSARY-cy.md, C10).

0002 gave two plain adjectives beside a predicate ("sarhaus, disynnwyr neu'n jôc"). A wording
staff have since changed in the admin is theirs and is left alone.
"""

from django.db import migrations

BEFORE = "Roedd y ddeiseb yn cynnwys iaith neu ddeunydd sarhaus, disynnwyr neu'n jôc."
AFTER = "Roedd y ddeiseb yn cynnwys iaith neu ddeunydd sy'n sarhaus, yn ddisynnwyr neu'n jôc."


def reword(old, new):
    def run(apps, schema_editor):
        RejectionReason = apps.get_model("moderation", "RejectionReason")
        RejectionReason.objects.filter(code="offensive", description_cy=old).update(
            description_cy=new
        )

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("moderation", "0006_rejection_duplicate_of"),
    ]

    operations = [migrations.RunPython(reword(BEFORE, AFTER), reword(AFTER, BEFORE))]
