"""The outcomes chart writes each KPI's change with the same sign as the table (defects −9.5 %, not +9.5 %)."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from ..factories import KpiMeasurementFactory


@pytest.mark.django_db
def test_a_defect_reduction_reads_minus_in_the_chart_and_the_table_and_points_right(client):
    KpiMeasurementFactory(
        kpi="defect_rate", baseline_value=Decimal("2.0"), after_value=Decimal("1.81"), baseline_unit="%", after_unit="%"
    )
    page = client.get(reverse("programs:outcomes"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chart = page.split('id="chart-kpis-title"')[1].split("</svg>")[0]
    table_cell = re.search(r'data-kpi="defect_rate">.*?</th><td class="number">1</td><td class="number">([^<]+)<', page)
    assert table_cell and table_cell.group(1).startswith("−9.5")
    assert "−9.5" in chart and "+9.5" not in chart
    bar = re.search(r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)" height="20" class="bar"/>', chart)
    zero = re.search(r'<line x1="([\d.]+)"', page.split('id="chart-kpis-title"')[0].rsplit("<svg", 1)[1] + chart)
    assert bar and zero and float(bar.group(1)) >= float(zero.group(1))  # a reduction of defects is drawn as better
