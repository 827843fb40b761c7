"""Services are the only code that changes state.

Views, API views, forms, admin classes and Celery tasks call a service (``<entity>_<verb>``)
instead of saving models themselves, so every write has one place for its checks, its lock and
its audit row. This test reads the source of those modules with ``ast`` and lists, as
``file:line``, every call of a model-writing method in them.
"""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SCANNED_APPS = ("portal", "tenants", "programs")
# A module is scanned when its file name or one of its packages is one of these.
ENTRY_POINT_KINDS = {"views", "api", "forms", "admin", "tasks"}
# Model and queryset methods that write, and the ModelAdmin hooks that write when called
# (``super().save_model(...)`` saves the object the admin form built).
WRITE_METHODS = {
    "save",
    "create",
    "update",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "save_model",
    "save_related",
    "save_formset",
    "delete_model",
    "delete_queryset",
}

# Justified writes outside services, as "path:function" (the function's dotted name in its
# module) with the reason. Keep it short: a new entry needs a reason a reviewer accepts.
ALLOWED: dict[str, str] = {}


def scanned_modules():
    for app in SCANNED_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" in relative.parts:
                continue
            if ENTRY_POINT_KINDS & {*relative.parts[:-1], relative.stem}:
                yield relative


def is_unsaved_build(call: ast.Call) -> bool:
    """``form.save(commit=False)`` builds an instance without writing it (a service saves it)."""
    return any(
        keyword.arg == "commit" and isinstance(keyword.value, ast.Constant) and keyword.value.value is False
        for keyword in call.keywords
    )


class WriteFinder(ast.NodeVisitor):
    def __init__(self):
        self.scope: list[str] = []
        self.writes: list[tuple[int, str, str]] = []  # (line, function, call)

    def visit_scope(self, node):
        self.scope.append(node.name)
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = visit_scope

    def visit_Call(self, node: ast.Call):
        if (
            isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITE_METHODS
            and not (node.func.attr == "save" and is_unsaved_build(node))
        ):
            self.writes.append((node.lineno, ".".join(self.scope) or "<module>", ast.unparse(node.func)))
        self.generic_visit(node)


def writes_in(source: str) -> list[tuple[int, str, str]]:
    finder = WriteFinder()
    finder.visit(ast.parse(source))
    return finder.writes


def all_writes():
    for path in scanned_modules():
        for line, function, call in writes_in((ROOT / path).read_text(encoding="utf-8")):
            yield f"{path.as_posix()}:{function}", f"{path.as_posix()}:{line}", call


def test_the_scan_reads_every_kind_of_entry_point():
    modules = {path.as_posix() for path in scanned_modules()}
    for expected in (
        "portal/accounts/views.py",
        "portal/accounts/forms.py",
        "portal/notifications/admin.py",
        "portal/reports/tasks.py",
        "tenants/api/views/calls.py",
        "tenants/partners/views.py",
        "programs/views/staff.py",
    ):
        assert expected in modules
    assert not any("/migrations/" in module or module.endswith("services.py") for module in modules)


def test_the_finder_flags_writes_and_lets_an_unsaved_build_through():
    source = """
def view(request, form, firm):
    firm.save(update_fields=["name"])
    Firm.objects.filter(pk=1).update(name="x")
    service(target=form.save(commit=False))

class FirmAdmin:
    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
"""
    assert [(function, call) for _, function, call in writes_in(source)] == [
        ("view", "firm.save"),
        ("view", "Firm.objects.filter(pk=1).update"),
        ("FirmAdmin.save_model", "super().save_model"),
    ]


def test_views_api_forms_admin_and_tasks_write_only_through_services():
    offenders = [
        f"{location}  {function.split(':', 1)[1]}: {call}(...)"
        for function, location, call in all_writes()
        if function not in ALLOWED
    ]
    assert not offenders, "Move these writes into a service (<app>/services.py):\n" + "\n".join(offenders)


def test_every_exception_still_matches_a_write():
    functions = {function for function, _, _ in all_writes()}
    stale = sorted(set(ALLOWED) - functions)
    assert not stale, "These exceptions match no write any more; delete them:\n" + "\n".join(stale)
