"""The administration of people and consents.

Privileges are the superuser's alone: only a superuser changes anyone's superuser status, groups
(the staff roles) and permissions, and only a superuser edits a superuser's account at all. A hub
manager with ``accounts.change_user`` sees those fields read-only. API tokens are never listed here.
"""

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from knox.models import AuthToken
from modeltranslation.admin import TranslationAdmin

from .models import AccessRecord, ConsentRecord, ConsentText, PrivacyPolicy, User
from .recording import AccessRecordedAdminMixin


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


# Whoever may change these may give themselves every power: superusers only.
PRIVILEGE_FIELDS = ["is_superuser", "groups", "user_permissions"]


class ConsentRecordInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    readonly_fields = ["item", "version", "required", "granted", "answered_at", "ip_address"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(AccessRecordedAdminMixin, DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "phone", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_active", "groups", "language"]
    search_fields = ["email", "name", "phone"]
    readonly_fields = ["date_joined", "last_login"]
    inlines = [ConsentRecordInline]
    access_fields = ("email", "name", "phone")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "phone", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)

    def access_subject_user(self, obj):
        return obj

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += PRIVILEGE_FIELDS
        return readonly

    def has_change_permission(self, request, obj=None):
        # A superuser's account (its e-mail, password, staff flag) is not for anyone else to change.
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(AccessRecordedAdminMixin, admin.ModelAdmin):
    list_display = ["user", "item", "version", "required", "granted", "answered_at", "ip_address"]
    list_filter = ["item", "version", "granted", "required"]
    search_fields = ["user__email", "user__name"]
    date_hierarchy = "answered_at"
    list_select_related = ["user"]
    readonly_fields = ["user", "item", "version", "required", "granted", "answered_at", "ip_address"]
    access_fields = ("consents", "ip_address")

    def access_subject_user(self, obj):
        return obj.user

    def has_add_permission(self, request):
        return False


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """Read-only for whoever holds ``accounts.view_accessrecord`` (the auditor); nobody adds,
    changes or deletes one here (the model has no such permissions and refuses it anyway)."""

    list_display = ["occurred_at", "actor_label", "ip_address", "action", "subject_user", "firm_label", "export_name"]
    list_filter = ["action", "occurred_at"]
    search_fields = ["actor_label", "subject_user__email", "firm_label", "export_name", "view_name"]
    date_hierarchy = "occurred_at"
    list_select_related = ["subject_user"]
    readonly_fields = [field.name for field in AccessRecord._meta.fields]
    actions = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """The staff roles (``portal.accounts.roles``) and their permissions: superusers only."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


# API tokens (knox) are never browsed in the admin: only their digests are stored, and people manage
# their own on My account. Knox registers them, so the registration is undone here.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)
if admin.site.is_registered(Authenticator):
    admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(admin.ModelAdmin):
    """Two-factor authenticators: only a superuser sees them, and only to remove a lost one (the person
    then sets up a new app at their next sign-in). The secret and the recovery codes never show."""

    list_display = ("user", "type", "created_at", "last_used_at")
    list_filter = ("type",)
    search_fields = ("user__email",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(ConsentText)
class ConsentTextAdmin(TranslationAdmin):
    """The retention period each consent text promises; the daily purge reads it from here."""

    list_display = ("item", "version", "required", "retention_years", "retention_start")
    list_filter = ("item", "retention_start")

    def get_readonly_fields(self, request, obj=None):
        # A stored version is what people agreed to: its item and version never change.
        return ("item", "version", "required") if obj else ()


@admin.register(PrivacyPolicy)
class PrivacyPolicyAdmin(TranslationAdmin):
    list_display = ("version", "effective_on")
    date_hierarchy = "effective_on"

    def get_readonly_fields(self, request, obj=None):
        # A version in effect is a public record of what was promised: only a future one is edited.
        if obj and obj.effective_on <= timezone.localdate():
            return ("version", "effective_on", "changes_ko", "changes_en", "body_ko", "body_en")
        return ()
