from django.urls import path

from deiseb.parliament import staff_views

app_name = "record"
urlpatterns = [
    path("", staff_views.index, name="index"),
    path("motions/<int:pk>/division/", staff_views.new_division, name="new_division"),
    path("votes/<int:pk>/division/", staff_views.edit_division, name="edit_division"),
    path("debates/<int:pk>/scheduled/", staff_views.schedule_debate, name="schedule_debate"),
    path("debates/<int:pk>/outcome/", staff_views.record_debate_outcome, name="debate_outcome"),
    path("petitions/<int:pk>/", staff_views.petition, name="petition"),
    path("petitions/<int:pk>/completed/", staff_views.complete, name="complete"),
    path("petitions/<int:pk>/not-debated/", staff_views.record_not_debated, name="not_debated"),
    path("petitions/<int:pk>/archive/", staff_views.archive, name="archive"),
]
