from django.contrib.auth import views as auth_views
from django.urls import path

from liemchinh.core.views import accounts

urlpatterns = [
    path("accounts/login/", accounts.LoginView.as_view(), name="login"),
    path("accounts/logout/", accounts.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/change/done/",
         auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
         name="password_change_done"),
    path("accounts/password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/",
         auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
         name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", accounts.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/password/reset/complete/",
         auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
         name="password_reset_complete"),
    path("accounts/2fa/", accounts.otp_manage, name="otp_manage"),
    path("accounts/2fa/setup/", accounts.otp_setup, name="otp_setup"),
    path("accounts/2fa/verify/", accounts.otp_verify, name="otp_verify"),
    path("accounts/2fa/backup-codes/", accounts.otp_backup_codes, name="otp_backup_codes"),
    path("staff/users/", accounts.user_list, name="user_list"),
    path("staff/users/new/", accounts.user_create_page, name="user_create"),
    path("staff/users/two-factor/", accounts.twofactor_policy_page, name="twofactor_policy"),
    path("staff/users/<int:pk>/", accounts.user_detail, name="user_detail"),
    path("staff/users/<int:pk>/edit/", accounts.user_edit_page, name="user_edit"),
    path("staff/users/<int:pk>/deactivate/", accounts.user_deactivate_page, name="user_deactivate"),
    path("staff/users/<int:pk>/reactivate/", accounts.user_reactivate_page, name="user_reactivate"),
    path("staff/users/<int:pk>/two-factor/reset/", accounts.user_twofactor_reset_page, name="user_twofactor_reset"),
    path("staff/users/<int:pk>/roles/", accounts.role_assign_page, name="role_assign"),
    path("staff/users/<int:pk>/roles/<int:assignment_pk>/revoke/", accounts.role_revoke_page, name="role_revoke"),
]
