"""Migration operations for what only PostgreSQL can hold, while ``make run`` keeps SQLite.

``PostgresOnly(operation)`` changes the migration state on every database (so ``makemigrations``
sees the model as it is) but touches the schema only on PostgreSQL; the services keep the same
invariant everywhere with a locked check, and the constraint is PostgreSQL's guarantee on top.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db.migrations.operations.base import Operation


class PostgresOnly(Operation):
    reversible = True

    def __init__(self, operation: Operation):
        self.operation = operation

    def deconstruct(self):
        return self.__class__.__qualname__, [self.operation], {}

    def state_forwards(self, app_label, state):
        self.operation.state_forwards(app_label, state)

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            self.operation.database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return f"{self.operation.describe()} (PostgreSQL only)"

    @property
    def migration_name_fragment(self):
        return self.operation.migration_name_fragment

    def references_model(self, name, app_label):
        return self.operation.references_model(name, app_label)


class BtreeGistExtensionKept(BtreeGistExtension):
    """``CREATE EXTENSION IF NOT EXISTS btree_gist`` going forwards; going backwards the extension stays.

    An extension belongs to the database, not to one app: unapplying the app that first needed it
    (a migration test walks the schema back and forth) must not try to drop what others may use.
    """

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        pass
