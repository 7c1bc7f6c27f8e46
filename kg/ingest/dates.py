"""Publication dates of files and articles.

Dates are returned as "YYYY", "YYYY-MM" or "YYYY-MM-DD", as precise as the text makes them and no more.
A magazine carries its issue ("2025.11", "2025年第11期", "印刷日期 2025年11月30日"): that is the
publication date of every article in it, even when an article reports an event on another day. A
newspaper item carries a dateline ("本报讯 10月29日"), usually without the year, which is then taken from
the file.
"""

from __future__ import annotations

import re

from kg.model import Article

MIN_YEAR, MAX_YEAR = 1949, 2100

_ISSUE = re.compile(r"(?<!\d)(\d{4})\s*年\s*第\s*(\d{1,2})\s*期")
_COVER = re.compile(r"^\s*(\d{4})\s*[.．/]\s*(\d{1,2})\s*$", re.M)
_PRINTED = re.compile(r"(?:印刷|出版|发行)日期\s*[:：]?\s*(\d{4})\s*年\s*(\d{1,2})\s*月")
_MONTH_DAY = r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_DATELINE = re.compile(r"本报讯[^\n。]{0,40}?" + _MONTH_DAY)
_FULL_DATE = re.compile(r"(?<!\d)(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_LEAD_CHARS = 300
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
# "2025—2027年" ends a plan's range and "到2035年" is a target: neither says when the text was written.
_NOT_WRITTEN_YEAR = re.compile(r"(?:\d{4}\s*[—–\-~～至]\s*|到\s*)$")


def _year_ok(year: int) -> bool:
    return MIN_YEAR <= year <= MAX_YEAR


def _ym(year: str, month: str) -> str | None:
    y, m = int(year), int(month)
    return f"{y:04d}-{m:02d}" if _year_ok(y) and 1 <= m <= 12 else None


def _ymd(year: int | None, month: str, day: str) -> str | None:
    m, d = int(month), int(day)
    if year is None or not _year_ok(year) or not (1 <= m <= 12 and 1 <= d <= 31):
        return None
    return f"{year:04d}-{m:02d}-{d:02d}"


def issue_date(text: str) -> str | None:
    """A periodical's issue as "YYYY-MM": cover "2025.11", "2025年第11期" (monthly), or its print date."""
    for pattern in (_ISSUE, _COVER, _PRINTED):
        for m in pattern.finditer(text):
            found = _ym(m.group(1), m.group(2))
            if found:
                return found
    return None


def latest_year(text: str) -> int | None:
    """The largest plausible year written as "YYYY年" (plan ranges and 到YYYY年 targets left out).

    Used to give a year to month-day datelines and to resolve 今年 when nothing better is known.
    """
    years = [
        int(m.group(1))
        for m in _YEAR.finditer(text)
        if _year_ok(int(m.group(1))) and not _NOT_WRITTEN_YEAR.search(text[max(0, m.start() - 8):m.start()])
    ]
    return max(years, default=None)


def dateline_date(text: str, year: int | None = None) -> str | None:
    """The date an article gives itself: "本报讯(…)10月29日", or a full date in its lead.

    A month-day dateline takes `year` (normally the file's `latest_year`); without one it gives nothing.
    """
    m = _DATELINE.search(text)
    if m:
        found = _ymd(int(m.group(1)) if m.group(1) else year, m.group(2), m.group(3))
        if found:
            return found
    m = _FULL_DATE.search(text[:_LEAD_CHARS])
    return _ymd(int(m.group(1)), m.group(2), m.group(3)) if m else None


def detect_date(text: str, year: int | None = None) -> str | None:
    """Best publication date for a text: its issue, else its dateline; None when it states neither.

    A text that only mentions years (2025年以来…) gets None: the caller decides whether a year is enough.
    """
    return issue_date(text) or dateline_date(text, year if year is not None else latest_year(text))


def assign_dates(articles: list[Article], original: str, default: str | None = None) -> None:
    """Give every article of one file its date.

    The issue date, when the file has one, is every article's publication date. Otherwise each article
    keeps its own dateline; the undated ones take the file-level date (the latest dateline on the page,
    since a page is printed after all the events it reports), and then `default`.
    """
    issue = issue_date(original)
    year = latest_year(original)
    own = {id(a): (issue or dateline_date(a.text, year)) for a in articles}
    dated = [d for d in own.values() if d]
    file_date = issue or max(dated, default=None) or default
    for a in articles:
        a.date = own[id(a)] or file_date
