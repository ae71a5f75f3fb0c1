from django.apps import AppConfig


class SignaturesConfig(AppConfig):
    name = "deiseb.signatures"

    def ready(self):
        from deiseb.petitions.signals import petition_created
        from deiseb.signatures.services import sign_for_creator

        petition_created.connect(sign_for_creator, dispatch_uid="sign_for_creator")
