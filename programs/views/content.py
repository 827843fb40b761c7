"""Staff writing programmes and cohorts in Korean and English (the public catalogue follows at once:
the page cache watches ``Programme`` and ``Cohort``, programs.apps).

Each page needs the permission of its action (``portal.accounts.roles``); saves go through
``programs.services``, whose ValidationErrors become form errors.
"""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.forms import content_form_page
from portal.permissions import staff_permission

from ..forms import CohortForm, ProgrammeForm
from ..models import Cohort, Programme
from ..services import cohort_save, programme_save

PROGRAMMES_PER_PAGE = 50


@staff_permission("programs.view_programme")
def programme_list(request):
    programmes = Programme.objects.order_by("title_ko", "pk")
    page = Paginator(programmes, PROGRAMMES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
    }
    return render(request, "programs/staff/programme_list.html", context)


def _programme_page(request, programme: Programme | None):
    return content_form_page(
        request,
        form=ProgrammeForm(request.POST or None, instance=programme or Programme()),
        save=lambda instance: programme_save(programme=instance),
        saved_message=_("The programme is saved."),
        success_url=lambda saved: reverse("programs:staff_programmes"),
        template="programs/staff/programme_form.html",
        context={"programme": programme},
    )


@staff_permission("programs.add_programme")
def programme_create(request):
    return _programme_page(request, None)


@staff_permission("programs.change_programme")
def programme_edit(request, pk):
    return _programme_page(request, get_object_or_404(Programme, pk=pk))


def _cohort_page(request, cohort: Cohort | None):
    return content_form_page(
        request,
        form=CohortForm(request.POST or None, instance=cohort or Cohort()),
        save=lambda instance: cohort_save(cohort=instance),
        saved_message=_("The cohort is saved."),
        success_url=lambda saved: reverse("programs:staff_cohort", args=[saved.pk]),
        template="programs/staff/cohort_form.html",
        context={"cohort": cohort},
    )


@staff_permission("programs.add_cohort")
def cohort_create(request):
    return _cohort_page(request, None)


@staff_permission("programs.change_cohort")
def cohort_edit(request, pk):
    return _cohort_page(request, get_object_or_404(Cohort.objects.select_related("programme"), pk=pk))
