from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.urls import reverse_lazy

from core.forms import BootstrapFormMixin

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home")

    def form_valid(self, form):
        from django.contrib import messages
        from django.utils.translation import gettext as _

        from .services import user_password_changed

        response = super().form_valid(form)
        # One audit row, and the account's API tokens end with the old password.
        user_password_changed(user=self.request.user, actor=self.request.user, by_admin=False)
        messages.success(self.request, _("密码已修改。"))
        return response


class _PasswordChangeForm(BootstrapFormMixin, PasswordChangeForm):
    pass


PasswordChangeView.form_class = _PasswordChangeForm
