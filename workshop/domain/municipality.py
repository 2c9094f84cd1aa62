"""全国地方公共団体コード: the national code of a local government.

Six digits: two for the prefecture (JIS X 0401), three for the municipality within it,
and a check digit. The check digit: multiply the first five digits by 6, 5, 4, 3, 2,
add, take the remainder by 11 and subtract it from 11; a result of 10 is written 0 and
11 is written 1 (so: ``(11 - sum % 11) % 10``). Examples: 131016 千代田区,
011002 札幌市, 082015 水戸市, 130001 東京都 (a prefecture: municipality part 000).
"""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator
from pydantic_core import PydanticCustomError

WEIGHTS = (6, 5, 4, 3, 2)


def check_digit(first_five: str) -> int:
    """The check digit of a code's first five digits."""
    if len(first_five) != 5 or not first_five.isascii() or not first_five.isdigit():
        raise ValueError(f"five digits expected: {first_five!r}")
    total = sum(int(d) * w for d, w in zip(first_five, WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def code_problem(code: str) -> str | None:
    """Why a code is not a valid 団体コード (an error key), or None when it is."""
    if len(code) != 6 or not code.isascii() or not code.isdigit():
        return "ws_code_format"
    if not 1 <= int(code[:2]) <= 47:
        return "ws_code_prefecture"
    if int(code[5]) != check_digit(code[:5]):
        return "ws_code_check_digit"
    return None


def prefecture_of(code: str) -> str:
    """The two-digit prefecture part of a code ("13" for 131016); "" without a code."""
    return code[:2] if code else ""


def _normalise(value: Any) -> Any:
    """Full-width digits from an IME become ASCII; spaces and hyphens (13101-6) go."""
    if not isinstance(value, str):
        return value
    value = unicodedata.normalize("NFKC", value).strip()
    return value.replace("-", "").replace(" ", "")


def _validate(value: str) -> str:
    if not value:
        return value
    problem = code_problem(value)
    if problem is None:
        return value
    expected = {}
    if problem == "ws_code_check_digit":
        expected = {"expected": f"{value[:5]}{check_digit(value[:5])}"}
    raise PydanticCustomError(
        problem, "not a local government code: {code}", {"code": value, **expected}
    )


MunicipalityCode = Annotated[str, BeforeValidator(_normalise), AfterValidator(_validate)]
"""A 団体コード, or "" when not set (団体コード未設定)."""
