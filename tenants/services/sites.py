"""The hub's sites as staff write them, in Korean and English."""

from django.db import transaction

from ..models import Site


@transaction.atomic
def site_save(*, site: Site) -> Site:
    """Save a site after its model checks; the public pages that show sites (home, calls, directory)
    follow at once, as the page cache watches ``Site``."""
    site.full_clean()
    site.save()
    return site
