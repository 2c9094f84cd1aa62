"""Sets of small integers as Python ints (bit i set = i is in the set), and counters over
them: a whole row of counts is added, compared and selected with a few integer
operations done in C, which is what makes matching thousands of cards cheap.

A counter is "bit-sliced": `planes[k]` holds binary digit k of every position's count,
so adding a set to all counts at once is a ripple-carry over the planes.
"""

from __future__ import annotations

from collections.abc import Iterable


def bitset(members: Iterable[int]) -> int:
    """The set of the given positions."""
    mask = 0
    for m in members:
        mask |= 1 << m
    return mask


def members(mask: int) -> list[int]:
    """The positions in a set, in increasing order."""
    digits = bin(mask)[:1:-1]  # lowest position first
    out = []
    at = digits.find("1")
    while at >= 0:
        out.append(at)
        at = digits.find("1", at + 1)
    return out


def count(sets: Iterable[int]) -> list[int]:
    """For every position, how many of the sets hold it, as bit planes (see module)."""
    planes: list[int] = []
    for carry in sets:
        k = 0
        while carry:
            if k == len(planes):
                planes.append(carry)
                break
            planes[k], carry = planes[k] ^ carry, planes[k] & carry
            k += 1
    return planes


def at_least(planes: list[int], value: int, among: int) -> int:
    """The positions of `among` whose count is `value` or more."""
    if value <= 0:
        return among
    if value >> len(planes):
        return 0  # more than any count the planes can hold
    greater, equal = 0, among
    for k in reversed(range(len(planes))):
        if value >> k & 1:
            equal &= planes[k]
        else:
            greater |= equal & planes[k]
            equal &= ~planes[k]
    return greater | equal


def exactly(planes: list[int], value: int, among: int) -> int:
    """The positions of `among` whose count is `value`."""
    if value >> len(planes):
        return 0
    equal = among
    for k, plane in enumerate(planes):
        equal &= plane if value >> k & 1 else ~plane
    return equal
