from django.urls import path

import deiseb.core.converters  # noqa: F401  (registers <token:>)
from deiseb.petitions import views
from deiseb.signatures import views as signature_views

app_name = "petitions"
urlpatterns = [
    path("", views.petition_list, name="list"),
    path("check/", views.check_similar, name="check"),
    path("new/", views.new_step, {"step": "text"}, name="new"),
    path("new/closing-date/", views.new_step, {"step": "closing"}, name="new_closing"),
    path("new/about-you/", views.new_step, {"step": "creator"}, name="new_creator"),
    path("new/check-your-answers/", views.new_review, name="new_review"),
    path("new/check-your-email/", views.new_sent, name="new_sent"),
    path("<int:pk>/", views.petition_detail, name="detail"),
    path("<int:pk>/sign/", signature_views.sign, name="sign"),
    path("<int:pk>/sign/check-your-email/", signature_views.sign_sent, name="sign_sent"),
    path("<int:pk>/support/<token:token>/", signature_views.support, name="support"),
]
