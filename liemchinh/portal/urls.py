from django.urls import path

from liemchinh.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("cong-khai/", views.public_portal, name="public"),
    path("cong-khai/ket-qua/", views.results, name="results"),
    path("cong-khai/ket-qua/so-lieu.csv", views.results_csv, name="results_csv"),
]
