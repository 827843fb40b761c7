# English pages use the Korean date and number conventions too.
from portal.formats.ko.formats import *  # noqa: F403
