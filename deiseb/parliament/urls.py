"""Public pages of the record, at translated paths (/cy/dadleuon/…, /cy/aelodau/…)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from deiseb.parliament import views

app_name = "parliament"
urlpatterns = [
    path(_("debates/"), views.debate_list, name="debates"),
    path(_("debates/<int:pk>/"), views.debate_detail, name="debate"),
    path(_("debates/<int:pk>/my-members/"), views.my_members, name="my_members"),
    path(
        _("debates/<int:pk>/my-members/<str:code>/"),
        views.my_members_result,
        name="my_members_result",
    ),
    path(_("members/"), views.member_list, name="members"),
    path(_("members/<slug:slug>/"), views.member_detail, name="member"),
]
