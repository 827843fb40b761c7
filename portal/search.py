"""Korean-aware search: one normalised column per searchable record, kept by ``save()``.

Korean names are written with and without spaces ("가온 AI", "가온AI"; "예지 보전", "예지보전") and
with the company form in many shapes (주식회사, (주), ㈜). The record's texts and the query are
normalised the same way: NFKC (㈜ becomes (주)), case folded, company forms dropped, and every space
and punctuation mark removed; a record matches when its column contains the normalised query. A
plain ``LIKE`` on one column, so it works on PostgreSQL and SQLite alike, and the directory, the
staff lists and the API share it through ``search_queryset``.
"""

import re
import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

# After NFKC and case folding: the legal forms of a company or foundation, before or after the name.
COMPANY_FORMS = re.compile(r"주식회사|유한회사|합자회사|합명회사|사단법인|재단법인|\((?:주|유|사|재)\)")
NOT_A_WORD = re.compile(r"[\W_]+")
# Joins the texts of one record: a query (normalised, so without it) never matches across two texts.
TEXT_SEPARATOR = "|"


def normalize_search_text(text: str | None) -> str:
    """``"주식회사 가온 AI"``, ``"(주)가온ai"`` and ``"㈜ 가온 A.I"`` all give ``"가온ai"``."""
    if not text:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).casefold()
    return NOT_A_WORD.sub("", COMPANY_FORMS.sub("", folded))


class SearchTextField(models.TextField):
    """Worked out as the row is written, after every pre_save hook (portal.i18n fills the Korean
    column there), so it always holds what is saved."""

    def pre_save(self, model_instance, add):
        value = model_instance.searchable_text()
        setattr(model_instance, self.attname, value)
        return value

    def deconstruct(self):
        # A plain text column in migrations: only how it is filled differs.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.TextField", args, kwargs


class SearchableModel(models.Model):
    """A record found by ``search_queryset``: ``SEARCH_FIELDS`` are normalised into ``search_text``
    on every save (also when only some of them are saved with ``update_fields``)."""

    SEARCH_FIELDS: tuple[str, ...] = ()

    search_text = SearchTextField(_("search text"), blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(self.SEARCH_FIELDS):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        super().save(*args, **kwargs)

    save.alters_data = True

    def searchable_text(self) -> str:
        pieces = (normalize_search_text(getattr(self, name)) for name in self.SEARCH_FIELDS)
        return TEXT_SEPARATOR.join(piece for piece in pieces if piece)


def search_query(value: str, path: str = "") -> models.Q | None:
    """The condition "the record at ``path`` (``"programme__"`` …) matches ``value``"; ``None`` when
    nothing searchable is left of ``value`` (only spaces or "주식회사")."""
    normalized = normalize_search_text(value)
    if not normalized:
        return None
    return models.Q(**{f"{path}search_text__contains": normalized})


def search_queryset(queryset, value: str, path: str = ""):
    condition = search_query(value, path)
    return queryset if condition is None else queryset.filter(condition)
