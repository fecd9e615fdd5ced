"""Tests for the information-processing fee calculator."""

import pytest

from knowledge.fees import FeeTier, QuantityError, band_step, bands_within, fee_by_items, fee_by_pages
from knowledge.numbers import Edge, Quantity, edges, quantities


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (20, 1000),
        (30, 2000),
        (31, 2200),
        (35, 3000),
        (40, 4000),
        (41, 4300),
        (50, 7000),
        (51, 7400),
    ],
)
def test_fee_by_items_total(items: int, expected: int) -> None:
    assert fee_by_items(items).total == expected


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),
        (101, 720),
        (200, 2700),
        (201, 2740),
        (300, 6700),
    ],
)
def test_fee_by_pages_total(pages: int, expected: int) -> None:
    assert fee_by_pages(pages).total == expected


def test_items_breakdown_lists_each_tier_used() -> None:
    expected = (
        FeeTier(first=1, last=10, rate=0, count=10, subtotal=0),
        FeeTier(first=11, last=30, rate=100, count=20, subtotal=2000),
        FeeTier(first=31, last=40, rate=200, count=5, subtotal=1000),
    )
    assert fee_by_items(35).tiers == expected


def test_pages_breakdown_ends_in_open_tier() -> None:
    expected = (
        FeeTier(first=1, last=30, rate=0, count=30, subtotal=0),
        FeeTier(first=31, last=100, rate=10, count=70, subtotal=700),
        FeeTier(first=101, last=200, rate=20, count=100, subtotal=2000),
        FeeTier(first=201, last=None, rate=40, count=100, subtotal=4000),
    )
    assert fee_by_pages(300).tiers == expected


def test_describe_items() -> None:
    expected = (
        "按件计收（同一申请人一个自然月内累计件数，超额累进）：35件\n"
        "· 第1—10件：10件 × 0元 = 0元（不收费）\n"
        "· 第11—30件：20件 × 100元 = 2000元\n"
        "· 第31—35件：5件 × 200元 = 1000元\n"
        "合计：3000元\n"
        "注：按件计收与按量计收由行政机关对每件申请选择其一，不得同时按两种标准重复计算。"
    )
    assert fee_by_items(35).describe() == expected


def test_describe_free_pages() -> None:
    expected = (
        "按量计收（单件申请的页数，超额累进）：30页\n"
        "· 第1—30页：30页 × 0元 = 0元（不收费）\n"
        "合计：0元（不收费）\n"
        "注：页数以单件申请为单位分别计算（A4及以下幅面单面为1页），同一申请人的多件申请不累加页数；"
        "相关信息已主动公开、行政机关告知获取方式和途径的，不适用按量计收。\n"
        "注：按件计收与按量计收由行政机关对每件申请选择其一，不得同时按两种标准重复计算。"
    )
    assert fee_by_pages(30).describe() == expected


def test_describe_folds_many_tiers() -> None:
    lines = fee_by_items(10_000).describe().splitlines()
    assert len(lines) == 9
    assert lines[-2] == "合计：498502000元"


@pytest.mark.parametrize(
    ("compute", "quantity", "expected"),
    [
        (fee_by_items, 0, "件数应为1到10000之间的整数，您输入的是0。"),
        (fee_by_items, -3, "件数应为1到10000之间的整数，您输入的是-3。"),
        (fee_by_items, 10_001, "件数应为1到10000之间的整数，您输入的是10001。"),
        (fee_by_items, 2.5, "件数应为1到10000之间的整数，您输入的是2.5。"),
        (fee_by_items, True, "件数应为1到10000之间的整数，您输入的是True。"),
        (fee_by_pages, 0, "页数应为1到100000之间的整数，您输入的是0。"),
        (fee_by_pages, 10_000_000, "页数应为1到100000之间的整数，您输入的是10000000。"),
    ],
)
def test_invalid_quantity(compute, quantity, expected: str) -> None:
    with pytest.raises(QuantityError) as caught:
        compute(quantity)
    assert str(caught.value) == expected


@pytest.mark.parametrize(
    ("text", "edge"),
    [
        ("超过150页的部分", Edge(151, None, "pages")),
        ("第41件以上", Edge(41, None, "items")),
        ("20件以后的", Edge(21, None, "items")),
        ("50页以内", Edge(1, 50, "pages")),
        # Beyond it denied: up to it.
        ("没超过40页", Edge(1, 40, "pages")),
        ("不超过20件", Edge(1, 20, "items")),
    ],
)
def test_the_edge_of_a_range_is_no_count(text: str, edge: Edge) -> None:
    assert edges(text) == [edge]
    assert quantities(text) == []


@pytest.mark.parametrize("text", ["每多10件涨多少", "以10件为一档"])
def test_the_step_of_the_scale_is_neither_count_nor_edge(text: str) -> None:
    assert quantities(text) == [] and edges(text) == []


def test_a_count_stays_a_count() -> None:
    assert quantities("申请45件") == [Quantity(45, "items")] and edges("申请45件") == []


def test_bands_within_a_range() -> None:
    assert bands_within("pages", 151, None) == [(151, 200, 20), (201, None, 40)]
    assert bands_within("items", 5, 25) == [(5, 10, 0), (11, 25, 100)]
    assert band_step("items") == (10, 100) and band_step("pages") is None


def test_a_range_asks_its_rates_not_a_bill(answerer) -> None:
    answer = answerer.answer("150页往上的部分一页收多少")
    assert answer.matched
    assert "第150—200页20元/页；第201页起40元/页" in answer.text
    assert "合计" not in answer.text
    items = answerer.answer("41件以上的部分一件收多少").text
    assert "第41—50件300元/件" in items and "每增加一档提高100元/件" in items


def test_whether_a_range_is_charged_is_a_rule(answerer) -> None:
    answer = answerer.answer("听人说一个月申请超过10件要收钱，真的假的")
    assert answer.text.startswith("会。")
    assert "合计" not in answer.text
