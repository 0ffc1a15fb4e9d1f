from django.urls import include, path

from liemchinh.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("<int:pk>/complete/", views.document_complete, name="document_complete"),
    path("review/", include("liemchinh.documents.review.urls")),
]
