import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from tenants.brn import brn_check_digit, clean_brn, entity_type, format_brn, is_valid_brn, normalize_brn
from tenants.choices import EntityType


@pytest.mark.parametrize("value", ["124-81-00998", "220-81-62517", "120-81-47521"])
def test_domain_examples_are_valid(value):
    assert clean_brn(value) == value.replace("-", "")


def test_domain_invalid_example_is_refused_for_its_check_digit():
    with pytest.raises(ValidationError) as error:
        clean_brn("123-45-67890")
    assert error.value.code == "brn_checksum"


@pytest.mark.parametrize(
    "value",
    [
        "1248100998",
        "124 81 00998",
        "１２４－８１－００９９８",
        "１２４８１００９９８",
        " 124-81-00998 ",
        "124‐81‐00998",
    ],
)
def test_dashes_spaces_and_full_width_digits_are_accepted(value):
    assert clean_brn(value) == "1248100998"


@pytest.mark.parametrize("value", ["", "12481009", "124810099812", "124-81-0099X", "abc-de-fghij", "124/81/00998"])
def test_wrong_shapes_are_refused_as_format_errors(value):
    with pytest.raises(ValidationError) as error:
        clean_brn(value)
    assert error.value.code == "brn_format"


def test_format_shows_dashes():
    assert format_brn("1248100998") == "124-81-00998"


@pytest.mark.parametrize(
    ("middle", "expected"),
    [
        ("81", EntityType.CORPORATION),
        ("86", EntityType.CORPORATION),
        ("87", EntityType.CORPORATION),
        ("88", EntityType.CORPORATION),
        ("82", EntityType.NON_PROFIT),
        ("01", EntityType.INDIVIDUAL),
        ("79", EntityType.INDIVIDUAL),
        ("85", EntityType.CORPORATION_BRANCH),
    ],
)
def test_entity_type_comes_from_digits_four_and_five(middle, expected):
    assert entity_type(f"124{middle}00000") == expected


nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(nine_digits)
def test_appending_the_check_digit_always_makes_a_valid_brn(first_nine):
    assert is_valid_brn(first_nine + str(brn_check_digit(first_nine)))


@given(nine_digits, st.integers(min_value=1, max_value=9))
def test_any_other_tenth_digit_is_invalid(first_nine, offset):
    wrong = (brn_check_digit(first_nine) + offset) % 10
    assert not is_valid_brn(first_nine + str(wrong))


@given(nine_digits)
def test_formatting_then_full_width_round_trips(first_nine):
    digits = first_nine + str(brn_check_digit(first_nine))
    full_width = format_brn(digits).translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    assert clean_brn(full_width) == digits
    assert normalize_brn(format_brn(digits)) == digits
