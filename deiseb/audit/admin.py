"""The admin writes the audit log too: every model admin is an AuditedAdmin.

Admins that need to say more (the record's, which delete through a service; users, whose roles
matter most) use the mixin themselves; audit_every_admin wraps all the others, Django's and
third-party apps' included (lockouts, second-factor devices), once the admin has loaded them.

Before is what the form showed, after is what the database holds once everything, inlines
included, is saved; so a save that a service refused leaves no entry. The audit log itself has
no admin: sysadmins read it at /staff/audit/, which filters it.
"""

from contextlib import ExitStack, contextmanager

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from deiseb.audit import services as audit
from deiseb.audit.models import AuditEntry

Action = AuditEntry.Action


def _saved_changes(form, *, added: bool) -> tuple[object, dict] | None:
    """The saved object and {field: [before, after]} for what this model form changed."""
    instance = form.instance
    saved = instance._meta.default_manager.filter(pk=instance.pk).first() if instance.pk else None
    if saved is None:
        return None
    after = audit.fields_of(saved, form.changed_data)
    # The bound field's initial is what the form showed (without microseconds, for instance).
    before = {} if added else {name: form[name].initial for name in after}
    changes = audit.differences(before, after)
    return (saved, changes) if changes or added else None


class AuditedAdmin:
    """Records each add, change and delete, with the changed fields before and after."""

    def audit_action(self, changes: dict, *, added: bool) -> str:
        return Action.ADD if added else Action.CHANGE

    def audit_form(self, request, form, *, added: bool) -> None:
        if result := _saved_changes(form, added=added):
            saved, changes = result
            action = self.audit_action(changes, added=added)
            audit.record(request.user, action, saved, changes=changes)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.audit_form(request, form, added=not change)
        for formset in formsets:
            for inline in formset.forms:
                if inline not in formset.deleted_forms and inline.has_changed():
                    self.audit_form(request, inline, added=inline not in formset.initial_forms)

    def save_formset(self, request, form, formset, change):
        """Inline rows ticked for deletion are deleted by formset.save(): each is recorded."""
        with ExitStack() as stack:
            for obj in [inline.instance for inline in formset.deleted_forms if inline.instance.pk]:
                stack.enter_context(self.audited_deletion(request, obj))
            super().save_formset(request, form, formset, change)

    @contextmanager
    def audited_deletion(self, request, obj):
        """Around a deletion: if the object is gone afterwards, say who deleted what was there."""
        ref, model, pk = audit.ObjectRef.of(obj), type(obj), obj.pk
        before = audit.differences(audit.fields_of(obj), {})
        yield
        if not model._default_manager.filter(pk=pk).exists():
            audit.record(request.user, Action.DELETE, ref, changes=before)

    def delete_model(self, request, obj):
        with self.audited_deletion(request, obj):
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


ROLE_FIELDS = {"groups", "is_staff", "is_superuser", "user_permissions", "is_active"}


class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    """Who was given or lost a role is the entry a sysadmin most needs to find."""

    def audit_action(self, changes, *, added):
        if not added and ROLE_FIELDS & set(changes):
            return Action.CHANGE_ROLES
        return super().audit_action(changes, added=added)

    def user_change_password(self, request, id, form_url=""):
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = self.get_object(request, unquote(id))
            audit.record(request.user, Action.CHANGE_PASSWORD, user)
        return response


admin.site.unregister(User)
admin.site.register(User, AuditedUserAdmin)


def audit_every_admin(site=admin.site) -> None:
    """Give each registered admin that does not write the log yet the mixin that does."""
    for model, model_admin in list(site._registry.items()):
        if not isinstance(model_admin, AuditedAdmin):
            cls = type(model_admin)
            site.unregister(model)
            site.register(model, type(f"Audited{cls.__name__}", (AuditedAdmin, cls), {}))
