from django.urls import path

from deiseb.integrity import views

app_name = "integrity"
urlpatterns = [
    path("invalidations/", views.invalidations, name="invalidations"),
    path("invalidations/new/", views.new_invalidation, name="new_invalidation"),
    path("invalidations/<int:pk>/", views.invalidation, name="invalidation"),
    path("invalidations/<int:pk>/start/", views.start, name="start"),
    path("invalidations/<int:pk>/cancel/", views.cancel, name="cancel"),
    path("signatures/", views.search, name="search"),
    path("signatures/bulk/", views.bulk_action, name="bulk"),
]
