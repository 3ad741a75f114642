import pytest

from core.templatetags.core_tags import tel_href


@pytest.mark.parametrize(
    ("number", "href"),
    [
        ("999", "tel:999"),
        ("0800 789 321", "tel:0800789321"),
        ("+44 20 7946-0000", "tel:+442079460000"),
        ("", "tel:"),
    ],
)
def test_tel_href_keeps_digits_and_a_leading_plus(number, href):
    assert tel_href(number) == href
