"""Information-processing fee calculator (《指南》二(四), 国办函〔2020〕109号)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count, islice

MAX_ITEMS = 10_000
MAX_PAGES = 100_000

# Past this many tiers the per-item breakdown would run to hundreds of lines, so describe() folds the
# middle bands into one line.
_MAX_LISTED_TIERS = 7

_NO_DOUBLE_CHARGE = "注：按件计收与按量计收由行政机关对每件申请选择其一，不得同时按两种标准重复计算。"
_PAGES_NOTE = (
    "注：页数以单件申请为单位分别计算（A4及以下幅面单面为1页），同一申请人的多件申请不累加页数；"
    "相关信息已主动公开、行政机关告知获取方式和途径的，不适用按量计收。"
)


class QuantityError(ValueError):
    """A quantity the fee standard cannot be applied to."""


@dataclass(frozen=True)
class FeeTier:
    """One band of the progressive scale and how much of the quantity falls in it."""

    first: int
    last: int | None
    rate: int
    count: int
    subtotal: int


@dataclass(frozen=True)
class FeeBreakdown:
    """A computed fee with its tier-by-tier breakdown."""

    basis: str
    quantity: int
    tiers: tuple[FeeTier, ...]
    total: int

    def describe(self) -> str:
        """Explain the fee in Chinese, one line per tier."""
        unit = unit_of(self.basis)
        lines = [f"{basis_heading(self.basis)}：{self.quantity}{unit}", *_tier_lines(self.tiers, unit)]
        lines.append(f"合计：{self.total}元" + ("（不收费）" if self.total == 0 else ""))
        if self.basis == "pages":
            lines.append(_PAGES_NOTE)
        lines.append(_NO_DOUBLE_CHARGE)
        return "\n".join(lines)


def fee_by_items(n: int) -> FeeBreakdown:
    """Compute the per-item fee for n items in one calendar month."""
    _check_quantity(n, maximum=MAX_ITEMS, what="件数")
    return _breakdown("items", n, _item_bands())


def fee_by_pages(n: int) -> FeeBreakdown:
    """Compute the per-page fee for one application of n pages."""
    _check_quantity(n, maximum=MAX_PAGES, what="页数")
    return _breakdown("pages", n, _page_bands())


def free_allowance(basis: str) -> int:
    """How many items a month, or pages an application, cost nothing."""
    first_band = next(_item_bands() if basis == "items" else _page_bands())
    last = first_band[1]
    assert last is not None
    return last


def bands_within(basis: str, first: int, last: int | None, *, most: int = 3) -> list[tuple[int, int | None, int]]:
    """The (first, last, rate) bands of a scale that hold the units from `first` to `last` (None: without end),
    cut to that range; at most `most` of them."""
    found: list[tuple[int, int | None, int]] = []
    for low, high, rate in _item_bands() if basis == "items" else _page_bands():
        if len(found) == most or (last is not None and low > last):
            break
        if high is None or high >= first:
            found.append((max(low, first), high if last is None or (high is not None and high <= last) else last, rate))
    return found


def band_step(basis: str) -> tuple[int, int] | None:
    """The width and the rise in rate of the bands that repeat without end (items: 10 items, 100 元 more), or None
    where the scale ends in one open band (pages)."""
    bands = list(islice(_item_bands() if basis == "items" else _page_bands(), 6))
    (low, high, rate), (_, last, following) = bands[-2], bands[-1]
    return None if high is None or last is None else (high - low + 1, following - rate)


def _item_bands() -> Iterator[tuple[int, int | None, int]]:
    """Yield (first, last, rate) bands of the per-item scale, without end."""
    yield 1, 10, 0
    yield 11, 30, 100
    # From item 31 on, every further band of 10 items costs 100 元/件 more than the one before.
    for band in count():
        yield 31 + 10 * band, 40 + 10 * band, 200 + 100 * band


def _page_bands() -> Iterator[tuple[int, int | None, int]]:
    """Yield (first, last, rate) bands of the per-page scale."""
    yield 1, 30, 0
    yield 31, 100, 10
    yield 101, 200, 20
    yield 201, None, 40


def _breakdown(basis: str, n: int, bands: Iterator[tuple[int, int | None, int]]) -> FeeBreakdown:
    """Spread n over the bands, stopping at the band that holds the n-th unit."""
    tiers: list[FeeTier] = []
    for first, last, rate in bands:
        if first > n:
            break
        in_band = min(n, last if last is not None else n) - first + 1
        tiers.append(FeeTier(first=first, last=last, rate=rate, count=in_band, subtotal=in_band * rate))
    return FeeBreakdown(basis=basis, quantity=n, tiers=tuple(tiers), total=sum(t.subtotal for t in tiers))


def _check_quantity(n: object, *, maximum: int, what: str) -> None:
    """Raise QuantityError unless n is a whole number from 1 to maximum."""
    # bool is an int subclass, but True is not a count anyone meant to type.
    if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= maximum:
        raise QuantityError(f"{what}应为1到{maximum}之间的整数，您输入的是{n}。")


def basis_heading(basis: str) -> str:
    """How the fee is counted on a basis: "按件计收（…超额累进）" or "按量计收（…超额累进）"."""
    if basis == "items":
        return "按件计收（同一申请人一个自然月内累计件数，超额累进）"
    return "按量计收（单件申请的页数，超额累进）"


def unit_of(basis: str) -> str:
    """Return the counting unit of a basis."""
    return "件" if basis == "items" else "页"


def _tier_lines(tiers: tuple[FeeTier, ...], unit: str) -> list[str]:
    """Render the tiers, folding the middle bands when there are many."""
    if len(tiers) <= _MAX_LISTED_TIERS:
        return [_tier_line(t, unit) for t in tiers]
    head, middle, tail = tiers[:4], tiers[4:-1], tiers[-1]
    first, last = middle[0], middle[-1]
    units = sum(t.count for t in middle)
    folded = (
        f"· 第{first.first}—{_shown_last(last)}{unit}：每10{unit}为一档，单价自{first.rate}元起逐档提高100元"
        f"至{last.rate}元，共{units}{unit}，小计{sum(t.subtotal for t in middle)}元"
    )
    return [*(_tier_line(t, unit) for t in head), folded, _tier_line(tail, unit)]


def _tier_line(tier: FeeTier, unit: str) -> str:
    """Render one tier as '· 第a—b件：c件 × r元 = s元'."""
    span = f"{tier.first}" if tier.count == 1 else f"{tier.first}—{_shown_last(tier)}"
    line = f"· 第{span}{unit}：{tier.count}{unit} × {tier.rate}元 = {tier.subtotal}元"
    return line + ("（不收费）" if tier.rate == 0 else "")


def _shown_last(tier: FeeTier) -> int:
    """Return the last unit actually charged in a tier (the quantity may end mid-band)."""
    return tier.first + tier.count - 1
