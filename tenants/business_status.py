"""The national tax service's business-status check (사업자 상태조회), behind an adapter.

Tests and the demo use the fake; production uses the NTS adapter with a service key. Nothing in
the test suite reaches the network.
"""

import json
import logging
import urllib.request
from urllib.parse import quote

from django.conf import settings
from django.utils.module_loading import import_string

from .choices import BusinessStatus

logger = logging.getLogger(__name__)


class BusinessStatusUnavailable(Exception):
    """The status service could not answer; the firm keeps its previous status."""


class FakeBusinessStatusAdapter:
    """Deterministic answers without the network: every BRN is open except these two (used in tests)."""

    SUSPENDED = {"6098199901"}
    CLOSED = {"6098199916"}

    def status(self, brn: str) -> BusinessStatus:
        if brn in self.SUSPENDED:
            return BusinessStatus.SUSPENDED
        if brn in self.CLOSED:
            return BusinessStatus.CLOSED
        return BusinessStatus.OPEN


class NtsBusinessStatusAdapter:
    """The open-data API of the national tax service (b_stt_cd 01 open, 02 suspended, 03 closed)."""

    URL = "https://api.odcloud.kr/api/nts-businessman/v1/status?serviceKey={key}"
    CODES = {"01": BusinessStatus.OPEN, "02": BusinessStatus.SUSPENDED, "03": BusinessStatus.CLOSED}
    TIMEOUT_SECONDS = 5

    def status(self, brn: str) -> BusinessStatus:
        if not settings.NTS_SERVICE_KEY:
            raise BusinessStatusUnavailable("NTS_SERVICE_KEY is not set")
        request = urllib.request.Request(
            self.URL.format(key=quote(settings.NTS_SERVICE_KEY, safe="")),
            data=json.dumps({"b_no": [brn]}).encode(),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.TIMEOUT_SECONDS) as response:
                payload = json.load(response)
            code = payload["data"][0].get("b_stt_cd", "")
        except (OSError, ValueError, KeyError, IndexError) as error:
            logger.warning("Business status check failed for %s: %s", brn, error)
            raise BusinessStatusUnavailable(str(error)) from error
        return self.CODES.get(code, BusinessStatus.NOT_CHECKED)


def get_business_status_adapter():
    return import_string(settings.BUSINESS_STATUS_ADAPTER)()
