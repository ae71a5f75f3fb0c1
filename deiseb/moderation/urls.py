from django.urls import path

from deiseb.moderation import views

app_name = "moderation"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("trending/", views.trending_addresses, name="trending"),
    path("<int:pk>/", views.petition, name="petition"),
    path("<int:pk>/text/", views.save_text, name="save_text"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/reject/", views.reject, name="reject"),
    path("<int:pk>/flag/", views.flag, name="flag"),
    path("<int:pk>/unflag/", views.unflag, name="unflag"),
    path("<int:pk>/restore/", views.restore, name="restore"),
    path("<int:pk>/take-over/", views.take_over, name="take_over"),
]
