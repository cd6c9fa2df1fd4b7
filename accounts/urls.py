from django.contrib.auth import views as auth_views
from django.urls import path

from . import security_views, views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("security/lockouts/", security_views.lockouts, name="security_lockouts"),
    path("security/lockouts/<int:pk>/clear/", security_views.lockout_clear, name="security_lockout_clear"),
    path("security/tokens/", security_views.tokens, name="security_tokens"),
    path("security/tokens/<int:pk>/revoke/", security_views.tokens_revoke, name="security_tokens_revoke"),
    path("security/two-factor/", security_views.two_factor, name="security_two_factor"),
    path(
        "security/two-factor/<int:pk>/reset/",
        security_views.two_factor_reset,
        name="security_two_factor_reset",
    ),
    path("security/policy/", security_views.policy, name="security_policy"),
    path("two-factor/", views.two_factor_setup, name="two_factor_setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
]
