from django.urls import path
from django.utils.translation import gettext_lazy as _

from deiseb.petitions import views

app_name = "petitions"
urlpatterns = [
    path("", views.petition_list, name="list"),
    path(_("check/"), views.check_similar, name="check"),
    path(_("new/"), views.new_step, {"step": "text"}, name="new"),
    path(_("new/closing-date/"), views.new_step, {"step": "closing"}, name="new_closing"),
    path(_("new/about-you/"), views.new_step, {"step": "creator"}, name="new_creator"),
    path(_("new/check-your-answers/"), views.new_review, name="new_review"),
    path(_("new/check-your-email/"), views.new_sent, name="new_sent"),
    path("<int:pk>/", views.petition_detail, name="detail"),
]
