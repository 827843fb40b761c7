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


# Background work is never lost: every enqueue survives a broker outage, and every enqueued task has a
# periodic sweep that does its work should the message be lost (README "When a service is down").

ENQUEUE_METHODS = {"delay", "apply_async"}


def code_modules():
    for app in SCANNED_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            relative = path.relative_to(ROOT)
            if "migrations" not in relative.parts:
                yield relative


def enqueue_calls(node: ast.AST) -> list[tuple[ast.Call, str]]:
    """Every ``<task>.delay(...)``/``<task>.apply_async(...)`` under ``node``, with the task's name."""
    return [
        (call, ast.unparse(call.func.value))
        for call in ast.walk(node)
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr in ENQUEUE_METHODS
    ]


def fragile_on_commits(source: str) -> list[tuple[int, str]]:
    """``transaction.on_commit`` calls that enqueue (or call a function the scan cannot see into)
    without ``robust=True``: with the broker down they raise after the commit and answer 500."""
    found = []
    for call in ast.walk(ast.parse(source)):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "on_commit"):
            continue
        robust = any(
            keyword.arg == "robust" and isinstance(keyword.value, ast.Constant) and keyword.value.value is True
            for keyword in call.keywords
        )
        callback = call.args[0] if call.args else None
        opaque = not isinstance(callback, ast.Lambda)
        if not robust and (opaque or enqueue_calls(callback)):
            found.append((call.lineno, ast.unparse(call)))
    return found


def task_functions(source: str) -> list[str]:
    """Functions decorated with ``@shared_task`` or ``@app.task`` (called or bare)."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if ast.unparse(target) in {"shared_task", "app.task"}:
                    names.append(node.name)
    return names


def all_tasks() -> dict[str, str]:
    """Task function name → the task's registered name (``module.function``)."""
    tasks = {}
    for path in code_modules():
        module = ".".join(path.with_suffix("").parts)
        for name in task_functions((ROOT / path).read_text(encoding="utf-8")):
            assert name not in tasks, f"two tasks named {name}: the enqueue scan could not tell them apart"
            tasks[name] = f"{module}.{name}"
    return tasks


def enqueued_tasks() -> dict[str, list[str]]:
    """Registered task name → where it is enqueued (``path:line``)."""
    tasks, found = all_tasks(), {}
    for path in code_modules():
        for call, name in enqueue_calls(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
            found.setdefault(tasks.get(name, name), []).append(f"{path.as_posix()}:{call.lineno}")
    return found


def test_the_on_commit_scan_flags_a_plain_enqueue_and_lets_a_robust_one_and_a_file_delete_through():
    source = """
transaction.on_commit(lambda: outbox_send.delay(message.pk))
transaction.on_commit(lambda: report_build_task.delay(report_id), robust=True)
transaction.on_commit(lambda: storage.delete(previous))
transaction.on_commit(send_later)
"""
    assert [line for line, _ in fragile_on_commits(source)] == [2, 5]


def test_every_enqueue_on_commit_is_robust():
    offenders = [
        f"{path.as_posix()}:{line}  {call}"
        for path in code_modules()
        for line, call in fragile_on_commits((ROOT / path).read_text(encoding="utf-8"))
    ]
    assert not offenders, "Pass robust=True so a broker outage cannot fail the request:\n" + "\n".join(offenders)


def test_the_enqueue_scan_finds_the_known_tasks():
    assert {
        "portal.notifications.tasks.outbox_send",
        "portal.reports.tasks.report_build_task",
        "programs.tasks.certificates_issue",
    } <= set(enqueued_tasks())


def test_every_enqueued_task_has_a_sweep_that_beat_runs():
    from portal.celery import TASK_SWEEPS

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    registered = set(all_tasks().values())
    missing = [
        f"{task} (enqueued at {', '.join(places)})"
        for task, places in sorted(enqueued_tasks().items())
        if TASK_SWEEPS.get(task) not in scheduled
    ]
    assert not missing, (
        "Add a periodic sweep that redoes the work of a lost message, schedule it in CELERY_BEAT_SCHEDULE "
        "and list it in portal.celery.TASK_SWEEPS:\n" + "\n".join(missing)
    )
    assert set(TASK_SWEEPS) | set(TASK_SWEEPS.values()) <= registered
    assert not set(TASK_SWEEPS) - set(enqueued_tasks()), "TASK_SWEEPS lists a task nothing enqueues any more"
