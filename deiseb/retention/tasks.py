from django_tasks import task

from deiseb.retention import services


@task()
def apply_retention() -> dict:
    """The daily run: unconfirmed signatures deleted, due petitions' signers anonymised."""
    return {
        "deleted_unconfirmed": services.delete_unconfirmed(),
        "anonymised_petitions": services.anonymise_due(),
    }
