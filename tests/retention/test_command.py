"""`deiseb anonymise_signers`: what it would do (--dry-run), then doing it, with its progress."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from deiseb.core.scheduler import SCHEDULE, enqueue_due_jobs
from deiseb.petitions.models import Petition
from deiseb.retention.tasks import apply_retention
from deiseb.signatures.models import Signature
from tests.factories import CompletedPetitionFactory, SignatureFactory, ValidatedSignatureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def due(settings):
    settings.SIGNER_RETENTION_MONTHS = 12
    settings.UNCONFIRMED_RETENTION_DAYS = 30
    petition = CompletedPetitionFactory(completed_at=timezone.now() - datetime.timedelta(days=400))
    for n in range(3):
        ValidatedSignatureFactory(petition=petition, name=f"Signer {n}", email=f"s{n}@example.org")
    held = CompletedPetitionFactory(completed_at=timezone.now() - datetime.timedelta(days=400))
    Petition.objects.filter(pk=held.pk).update(legal_hold=True)
    pending = SignatureFactory(petition=held, name="Never Confirmed")
    Signature.objects.filter(pk=pending.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=45)
    )
    return petition


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("anonymise_signers", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_dry_run_says_what_would_go_and_changes_nothing(due):
    out, _err = run("--dry-run")
    assert "Unconfirmed for more than 30 days: 1" in out
    assert "Petitions due (12 months after they finished): 1, with 3 signatures" in out
    assert "on legal hold: 1" in out
    assert f"would anonymise #{due.pk}" in out and "Dry run: nothing changed." in out
    assert Signature.objects.filter(name="Never Confirmed").exists()
    assert Signature.objects.filter(petition=due, name="Signer 0").exists()


def test_it_deletes_and_anonymises_with_a_progress_bar(due):
    out, err = run()
    assert "Deleted 1 unconfirmed signatures." in out
    assert "Anonymised the signers of 1 petitions." in out
    assert "4/4" in err  # the bar: one unconfirmed and three signers
    assert not Signature.objects.filter(name__in=["Never Confirmed", "Signer 0"]).exists()
    due.refresh_from_db()
    assert due.anonymised_at is not None
    assert run()[0].endswith("Anonymised the signers of 0 petitions.\n")


def test_the_scheduler_runs_it_daily(due, settings, run_tasks):
    (job,) = [job for job in SCHEDULE if job.name == "apply_retention"]
    assert job.interval == datetime.timedelta(days=1)
    assert "apply_retention" in enqueue_due_jobs()
    assert "apply_retention" not in enqueue_due_jobs(timezone.now() + datetime.timedelta(hours=23))
    assert apply_retention.call() == {"deleted_unconfirmed": 1, "anonymised_petitions": 1}
