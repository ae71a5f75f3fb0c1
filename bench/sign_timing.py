"""Can the sign POST's timing tell whether an email has already signed? (issue 8, item 9)

Before, the POST looked for the email's signatures and then either inserted one or answered the
duplicate: an already-signed email answered in a median 5.4 ms against 6.5 ms for a new one, and
84-88% of single requests could be classified. Now the POST only queues the attempt; the worker
decides. This measures, in-process through Django's test client on one open petition:

  A. POSTs with a new email each time;
  B. POSTs with an email that has already signed (and confirmed);

interleaved A B, B A, A B… so both see the same noise, --requests of each, and prints the medians
and their ratio (1.00 means nothing to tell). It then times the worker's side of the same two
outcomes, which differ, to show where that difference now lives: off the request, in a queue.
It asserts nothing about time.

Usage:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/deiseb_bench python bench/sign_timing.py
  python bench/sign_timing.py --requests 300     # no DATABASE_URL: a temporary SQLite
"""

import argparse
import os
import statistics
import time

from counting import machine_facts, make_petition, prepare_database


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="POSTs of each kind")
    return parser.parse_args(argv)


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main(argv=None) -> int:
    args = parse_args(argv)
    os.environ.setdefault("DEISEB_PLAIN_STATIC", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "deiseb.settings")
    os.environ["DEISEB_RATE_LIMIT_SIGNING_PER_IP"] = "0"
    how, scratch = prepare_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.test import Client
    from django_tasks_db.models import DBTaskResult

    from deiseb.petitions.models import Petition
    from deiseb.signatures import services
    from deiseb.signatures.models import Signature

    call_command("migrate", verbosity=0)
    print(f"database: {how}")
    for name, value in machine_facts():
        print(f"{name}: {value}")

    petition = make_petition("sign timing")
    url = f"/en/petitions/{petition.pk}/sign/"
    signer = {"country": "GB-WLS", "postcode": "", "name": "Already Signed"}
    services.sign_petition(
        petition,
        name="Already Signed",
        email="already@example.com",
        postcode="",
        country_code="GB-WLS",
        notify_by_email=False,
        language="en",
    )
    Signature.objects.filter(petition=petition).update(state=Signature.State.VALIDATED)
    client = Client()
    client.get(url)
    samples = {"new": [], "already": []}
    try:
        for n in range(args.requests):
            for kind, email in (
                ("new", f"new-{n}@example.com"),
                ("already", "already@example.com"),
            ):
                data = {**signer, "email": email, "country": "FR"}
                started = time.perf_counter()
                response = client.post(url, data)
                samples[kind].append(time.perf_counter() - started)
                assert response.status_code == 302, response.status_code
        new, already = median_ms(samples["new"]), median_ms(samples["already"])
        print(f"\nA. sign POST, a new email          median {new:6.2f} ms  ({args.requests} POSTs)")
        print(
            f"B. sign POST, an already-signed one median {already:6.2f} ms  ({args.requests} POSTs)"
        )
        print(f"   B / A = {already / new:.3f}  (1.000: the answer's timing tells nothing)")

        worker = {"new": [], "already": []}
        for n in range(min(args.requests, 100)):
            for kind, email in (("new", f"w-{n}@example.com"), ("already", "already@example.com")):
                started = time.perf_counter()
                with transaction.atomic():
                    services.sign_petition(
                        petition,
                        name=signer["name"],
                        email=email,
                        postcode="",
                        country_code="FR",
                        notify_by_email=False,
                        language="en",
                    )
                worker[kind].append(time.perf_counter() - started)
        print(
            f"\nThe worker's side, off the request: new {median_ms(worker['new']):.2f} ms, "
            f"already signed {median_ms(worker['already']):.2f} ms"
        )
    finally:
        DBTaskResult.objects.all().delete()
        Petition.objects.filter(pk=petition.pk).delete()
        if scratch:
            scratch.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
