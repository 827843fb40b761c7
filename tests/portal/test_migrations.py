"""Two moves of data made by migrations, checked on one walk back through the real migrations and
forward again (each walk unapplies and reapplies some 24 migrations, ~20-40 s of model-state
rendering on the CI machine, so the two share one):

1. Partners, MOUs and obligations moved from tenants to tenants.partners. The migrations are
   state-only (the tables keep their names) plus a data migration that relabels the content types.
   Rows are written through the historical models before the move and read through today's models.
2. Content in Korean and English (issue 16): the hand-written ``name_en`` column becomes
   modeltranslation's ``name_en``: same column, data kept; the text of ``name`` is copied into
   ``name_ko``; "" (no English) becomes NULL. Rows are written through the historical models just
   before that migration (after the partners' move) and read through today's models.

The walk is: the leaves → before the partners' move (write) → before the translated content (write)
→ the leaves (read both).
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from programs.models import Programme
from tenants.models import Firm, Site
from tenants.partners.models import MOU, Obligation, ObligationNote, Partner

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="the suite's database is PostgreSQL")

BEFORE_THE_MOVE = [
    ("tenants", "0006_mou_training_programmes"),
    ("programs", "0002_consulting"),
    ("partners", None),
]
BEFORE_THE_TRANSLATED_CONTENT = [
    ("tenants", "0008_application_attachment_stored_file"),
    ("partners", "0002_content_types_to_partners"),
    ("programs", "0004_consulting_files_stored_file"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    ContentType.objects.clear_cache()
    return MigrationExecutor(connection)


def _leaf_nodes():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def _write_partner_rows_before_the_move(executor):
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
    return SimpleNamespace(
        mou_type_id=mou_type_id, partner=partner, programme=programme, mou=mou, obligation=obligation, note=note
    )


def _check_the_partner_rows_after_the_move(rows):
    partner, programme, mou, obligation, note = rows.partner, rows.programme, rows.mou, rows.obligation, rows.note
    moved_mou = MOU.objects.get(pk=mou.pk)
    assert moved_mou.title == "클라우드 협약"
    assert list(moved_mou.partners.all()) == [Partner.objects.get(pk=partner.pk, name="메가존클라우드")]
    assert [p.pk for p in moved_mou.training_programmes.all()] == [programme.pk]
    assert [m.pk for m in Programme.objects.get(pk=programme.pk).mous.all()] == [mou.pk]
    assert Obligation.objects.get(pk=obligation.pk, mou=moved_mou, party_id=partner.pk).title == "분기 보고"
    assert ObligationNote.objects.get(pk=note.pk).obligation_id == obligation.pk

    mou_type = ContentType.objects.get_for_model(MOU)
    assert (mou_type.pk, mou_type.app_label) == (rows.mou_type_id, "partners")
    assert not ContentType.objects.filter(app_label="tenants", model__in=["partner", "mou", "obligation"]).exists()
    assert Permission.objects.filter(content_type=mou_type, codename="view_mou").exists()


def _write_texts_before_the_translated_content(executor):
    old_apps = executor.loader.project_state(BEFORE_THE_TRANSLATED_CONTENT).apps
    OldSite = old_apps.get_model("tenants", "Site")
    OldFirm = old_apps.get_model("tenants", "Firm")
    OldSite.objects.create(
        name="융합원", name_en="Convergence Institute", slug="a", postal_code="51391", address="창원"
    )
    OldSite.objects.create(name="플렉스시티", name_en="", slug="b", postal_code="51391", address="창원")
    OldFirm.objects.create(
        brn="1234567890",
        name="(주)가온",
        name_en="Gaon",
        representative_name="김",
        industry="ai_software",
        postal_code="51391",
        address="창원",
        description="제조 AI",
    )


def _check_the_texts_after_the_translated_content():
    sites = dict(Site.objects.values_list("name_ko", "name_en"))
    assert sites == {"융합원": "Convergence Institute", "플렉스시티": None}
    firm = Firm.objects.get(brn="1234567890")
    assert (firm.name_ko, firm.name_en, firm.description_ko, firm.search_text) == (
        "(주)가온",
        "Gaon",
        "제조 AI",
        "가온|gaon|제조ai",
    )


def test_moving_the_partner_models_and_translating_the_content_keep_the_rows(transactional_db):
    leaves = _leaf_nodes()
    try:
        partner_rows = _write_partner_rows_before_the_move(_migrate(BEFORE_THE_MOVE))
        _write_texts_before_the_translated_content(_migrate(BEFORE_THE_TRANSLATED_CONTENT))

        _migrate(leaves)

        _check_the_partner_rows_after_the_move(partner_rows)
        _check_the_texts_after_the_translated_content()
    finally:
        _migrate(leaves)
