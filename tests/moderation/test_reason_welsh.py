"""The "offensive" rejection reason reads as plain Welsh (GLOSSARY-cy.md C10), without
overwriting a wording staff changed in the admin."""

import importlib

import pytest
from django.apps import apps

from deiseb.moderation.models import RejectionReason

pytestmark = pytest.mark.django_db
migration = importlib.import_module("deiseb.moderation.migrations.0007_offensive_reason_welsh")


def test_the_seeded_reason_has_three_parallel_predicates():
    reason = RejectionReason.objects.get(code="offensive")
    assert reason.description_cy == migration.AFTER
    assert "sy'n sarhaus, yn ddisynnwyr neu'n jôc" in reason.description_cy


def test_a_wording_staff_changed_is_left_alone():
    RejectionReason.objects.filter(code="offensive").update(description_cy="Geiriad y staff.")
    migration.reword(migration.BEFORE, migration.AFTER)(apps, None)
    assert RejectionReason.objects.get(code="offensive").description_cy == "Geiriad y staff."


def test_the_migration_reverses():
    migration.reword(migration.AFTER, migration.BEFORE)(apps, None)
    assert RejectionReason.objects.get(code="offensive").description_cy == migration.BEFORE
