"""The move of partners, MOUs and obligations from tenants to tenants.partners keeps every row.

The migrations are state-only (the tables keep their names) plus a data migration that relabels the
content types. This test walks the real migrations back to before the move, writes rows through the
historical models, walks forward again and reads the same rows through today's models.
"""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from programs.models import Programme
from tenants.partners.models import MOU, Obligation, ObligationNote, Partner

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the suite's database is PostgreSQL")

BEFORE_THE_MOVE = [
    ("tenants", "0006_mou_training_programmes"),
    ("programs", "0002_consulting"),
    ("partners", None),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection)


def _leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_moving_the_partner_models_keeps_rows_links_and_content_types(transactional_db):
    leaves = _leaf_nodes()
    try:
        executor = _migrate(BEFORE_THE_MOVE)
        old = executor.loader.project_state(
            [node for node in BEFORE_THE_MOVE if node[1]] + [("contenttypes", "0002_remove_content_type_name")]
        ).apps
        old_content_type = old.get_model("contenttypes", "ContentType")
        mou_type_id = old_content_type.objects.get(app_label="tenants", model="mou").pk
        assert not old_content_type.objects.filter(app_label="partners").exists()

        partner = old.get_model("tenants", "Partner").objects.create(name="메가존클라우드", kind="cloud")
        programme = old.get_model("programs", "Programme").objects.create(
            title="제조 AI 기초", slug="manufacturing-ai", topic="ai_basics", level="beginner", description="…"
        )
        mou = old.get_model("tenants", "MOU").objects.create(
            title="클라우드 협약", purpose="클라우드 지원", effective_from=date(2026, 3, 1)
        )
        mou.partners.add(partner)
        mou.training_programmes.add(programme)
        obligation = old.get_model("tenants", "Obligation").objects.create(
            mou=mou, party=partner, title="분기 보고", due_on=date(2026, 6, 30)
        )
        note = old.get_model("tenants", "ObligationNote").objects.create(obligation=obligation, text="초안 접수")

        _migrate(leaves)

        moved_mou = MOU.objects.get(pk=mou.pk)
        assert moved_mou.title == "클라우드 협약"
        assert list(moved_mou.partners.all()) == [Partner.objects.get(pk=partner.pk, name="메가존클라우드")]
        assert [p.pk for p in moved_mou.training_programmes.all()] == [programme.pk]
        assert [m.pk for m in Programme.objects.get(pk=programme.pk).mous.all()] == [mou.pk]
        assert Obligation.objects.get(pk=obligation.pk, mou=moved_mou, party_id=partner.pk).title == "분기 보고"
        assert ObligationNote.objects.get(pk=note.pk).obligation_id == obligation.pk

        mou_type = ContentType.objects.get_for_model(MOU)
        assert (mou_type.pk, mou_type.app_label) == (mou_type_id, "partners")
        assert not ContentType.objects.filter(app_label="tenants", model__in=["partner", "mou", "obligation"]).exists()
        assert Permission.objects.filter(content_type=mou_type, codename="view_mou").exists()
    finally:
        _migrate(leaves)
