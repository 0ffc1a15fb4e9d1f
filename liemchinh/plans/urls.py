from django.urls import path

from liemchinh.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.assignment_list, name="assignment_list"),
    path("overdue/", views.overdue, name="overdue"),
    path("timeline/", views.timeline, name="timeline"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/activate/", views.plan_activate, name="plan_activate"),
    path("plans/<int:pk>/tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/chase/", views.task_chase, name="task_chase"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/progress/", views.progress_post, name="progress_post"),
    path("progress/<int:pk>/approve/", views.progress_approve, name="progress_approve"),
    path("progress/<int:pk>/reject/", views.progress_reject, name="progress_reject"),
]
