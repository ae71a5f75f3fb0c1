from django.contrib.auth import views as auth_views
from django.urls import path

from deiseb.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.staff_home, name="home"),
    path("login/", views.StaffLoginView.as_view(), name="login"),
    path("login/code/", views.verify, name="verify"),
    path("two-factor/", views.setup, name="setup"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
