from django.urls import path

from liemchinh.documents.review import views

app_name = "documents_review"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("<str:draft_id>/", views.review, name="review"),
]
