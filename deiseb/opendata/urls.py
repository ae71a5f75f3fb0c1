"""Data files live outside the language prefix: one address per file, both languages inside."""

from django.urls import path

from deiseb.opendata import api_views, views

app_name = "opendata"
urlpatterns = [
    path("votes.popolo.json", views.votes_popolo, name="votes_popolo"),
    path("votes.csv", views.votes_csv, name="votes_csv"),
    path("member-votes.csv", views.member_votes_csv, name="member_votes_csv"),
    path("debates/<int:pk>.popolo.json", views.debate_popolo, name="debate_popolo"),
    path("motions/<str:reference>.popolo.json", views.motion_popolo, name="motion_popolo"),
    path("openapi.json", api_views.openapi_json, name="openapi"),
]
