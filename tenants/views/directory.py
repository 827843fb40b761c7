"""The public directory of resident firms (an active lease and a public-profile consent)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from portal.pagecache import public_page

from ..filters import DirectoryFilterSet
from ..selectors import directory_firms, sites_with_resident_counts, unlisted_resident_count

FIRMS_PER_PAGE = 24


@public_page("residents")
def directory(request):
    filterset = DirectoryFilterSet(request.GET or None, queryset=directory_firms())
    firms = filterset.qs if filterset.is_valid() else directory_firms()
    page = Paginator(firms, FIRMS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "filter": filterset,
        "page": page,
        "sites": sites_with_resident_counts(),
        "unlisted": unlisted_resident_count(),
    }
    return render(request, "tenants/directory.html", context)


@public_page("residents")
def firm_profile(request, pk):
    firm = get_object_or_404(directory_firms(), pk=pk)
    return render(request, "tenants/firm_profile.html", {"firm": firm})
