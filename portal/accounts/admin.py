from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.forms import UserChangeForm as DjangoUserChangeForm
from django.utils.translation import gettext_lazy as _

from .models import ConsentRecord, User


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserChangeForm(DjangoUserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ConsentRecordInline(admin.TabularInline):
    model = ConsentRecord
    extra = 0
    can_delete = False
    readonly_fields = ["item", "version", "required", "granted", "answered_at", "ip_address"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    ordering = ["email"]
    list_display = ["email", "name", "phone", "is_staff", "is_active", "date_joined", "last_login"]
    list_filter = ["is_staff", "is_active", "groups", "language"]
    search_fields = ["email", "name", "phone"]
    readonly_fields = ["date_joined", "last_login"]
    inlines = [ConsentRecordInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("name", "phone", "language")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),)


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["user", "item", "version", "required", "granted", "answered_at", "ip_address"]
    list_filter = ["item", "version", "granted", "required"]
    search_fields = ["user__email", "user__name"]
    date_hierarchy = "answered_at"
    list_select_related = ["user"]
    readonly_fields = ["user", "item", "version", "required", "granted", "answered_at", "ip_address"]

    def has_add_permission(self, request):
        return False
