from django.urls import path

from liemchinh.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="document_list"),
]
