"""Publication dates of files and articles.

Dates are returned as "YYYY", "YYYY-MM" or "YYYY-MM-DD", as precise as the text makes them and no more.
Where a date comes from, strongest first:

1. A page header stamp in the first lines: a labelled date (发布时间：2023-04-28, 时间:2022-05-01,
   公示时间：2024年3月12日至…), a date on a header line with page fields (2018-04-27 08:55:41 来源:某某日报,
   来源：某某日报 2021年6月24日, 2021年6月24日 星期四), a paper's issue line (《某某日报》(2012年05月03日 002版),
   某某日报 2012年5月3日 第2版), or a line that is only a date and time (a day-first 15.10.2014 06:32 too). The stamp beats a dateline: the paper
   came out on its issue's day, the dateline dates the event. The stamp of the file's top dates every
   article of the file that has none of its own.
2. A periodical's issue ("2025.11", "2025年第11期", "印刷日期 2025年11月30日"): every article of a magazine.
3. A dateline: 本报讯(记者 某某)10月29日, 东北网5月5日讯, 新华社北京5月1日电, (记者 某某)2019年4月29日.
4. A dated lead ("5月11日,…", "…规定,2022年7月29日,公司召开…"): the event of the story, not its
   publication, which follows it by days; only the year is certain, so only the year is given.

A month and day without a year (in a dateline or a lead) take a year only from where it is certain: the
header lines above the text (the title among them) and the dateline's or lead's own sentence. A year written
further down is the year of something the story tells (早在2004年…, a past event), not of the story: it is
never taken, and such a dateline gives no date.

Not publication dates: a founding date (成立于2010年5月), an event deep in the text, the date that closes a
document quoted inside the article (a 决定 or 通知 signed at its end). Nothing here looks past the first
lines of an article. Every pattern is bounded (no unbounded repetition that can run over line breaks), so
dating is linear in the length of the text.
"""

from __future__ import annotations

import re
from functools import cache

from kg.model import Article
from kg.resources import lexicon

from ..vocabulary import longest_first

MIN_YEAR, MAX_YEAR = 1949, 2100
HEADER_LINES = 8  # a page header is printed in the first lines above the text
HEADER_LINE_CHARS = 80  # a header line is short: a longer one is body text
LEAD_LINES = 4  # a dateline opens one of the first paragraphs
SCAN_CHARS = 200  # how far into a line the shapes are looked for

_SP = r"[ \t]{0,3}"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_NUM_DATE = rf"(?<!\d)(\d{{4}}){_SP}[-/.．]{_SP}(\d{{1,2}}){_SP}[-/.．]{_SP}(\d{{1,2}})(?!\d)"
_CN_DATE = rf"(?<!\d)(\d{{4}}){_SP}年{_SP}(\d{{1,2}}){_SP}月{_SP}(\d{{1,2}}){_SP}[日号]"
_MONTH_DAY = rf"(?:(\d{{4}}){_SP}年{_SP})?(\d{{1,2}}){_SP}月{_SP}(\d{{1,2}}){_SP}[日号]"
_FULL_DATE = re.compile(f"{_NUM_DATE}|{_CN_DATE}")
# Day first, year last (15.10.2014 06:32, a site template's header): with dots the order is day.month;
# with slashes it is read only where the day cannot be a month (25/12/2015).
_DAY_FIRST = re.compile(r"(?<![\d.])(\d{1,2})([./])(\d{1,2})\2(\d{4})(?![\d.])")
_TIME = re.compile(r"\d{1,2}[:：]\d{2}(?:[:：]\d{2})?")
_WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]")
# A paper's issue line: its name in 《》 and its page (第2版, 002版, A2版) next to the date.
_PAPER_NAME = re.compile(r"《[^《》\n]{2,15}》")
# set off by spaces, brackets or bars: the date's own place counts as a space (2012年5月3日第2版)
_EDITION = re.compile(r"(?:^|(?<=[\s(（【\[,，|｜]))(?:第[ \t]?)?[A-Z]?\d{1,3}[ \t]?版(?=$|[\s)）】\],，|｜])")
ISSUE_LINE_CHARS = 40  # a paper's issue line: name, date, page; a longer line is a sentence
_SENTENCE_END = re.compile(r"[。！？!?]")

_ISSUE = re.compile(rf"(?<!\d)(\d{{4}}){_SP}年{_SP}第{_SP}(\d{{1,2}}){_SP}期")
_COVER = re.compile(rf"^{_SP}(\d{{4}}){_SP}[.．/]{_SP}(\d{{1,2}}){_SP}$", re.M)
_PRINTED = re.compile(rf"(?:印刷|出版|发行)日期{_SP}[:：]?{_SP}(\d{{4}}){_SP}年{_SP}(\d{{1,2}}){_SP}月")

# Datelines, at the start of a paragraph: the date before 讯/电 is the dispatch date (东北网5月5日讯,
# 新华社北京5月1日电); after 讯 and a byline in brackets it is the date of the news (本报讯(记者 某某)10月29日).
_DISPATCH = re.compile(rf"^[（(]?[{_CJK}·]{{1,12}}?{_MONTH_DAY}(?:讯|电)")
_AFTER_NEWS_MARK = re.compile(
    rf"^[（(]?[{_CJK}·]{{0,10}}?讯{_SP}[:：]?{_SP}(?:[（(][^()（）\n]{{1,40}}[)）])?{_SP}[:：]?{_SP}{_MONTH_DAY}"
)
_BYLINE_DATE = re.compile(rf"^[（(][^()（）\n]{{0,8}}(?:记者|通讯员)[^()（）\n]{{0,30}}[)）]{_SP}{_MONTH_DAY}")
# A lead that opens on its date (5月11日,…) or dates its event in the first sentence (…,2022年7月29日,…).
_LEAD_OPENING = re.compile(rf"^{_MONTH_DAY}")
_LEAD_EVENT = re.compile(rf"(?:^|(?<=[,，。；:：\s])){_CN_DATE}(?=[,，]|上午|下午|晚|早|至)")

_YEAR = re.compile(rf"(?<!\d)(\d{{4}}){_SP}年")
_CN_YEAR = re.compile("([〇零一二三四五六七八九]{4})年")
_CN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
# "2025—2027年" ends a plan's range and "到2035年" is a target: neither says when the text was written.
_NOT_WRITTEN_YEAR = re.compile(r"(?:\d{4}[ \t]{0,2}[—–\-~～至][ \t]{0,2}|到[ \t]{0,2})$")
# Years that bound the time of writing without being it: "2022年度", "2022年“大国工匠年度人物”" (the year
# an annual title reviews, conferred the year after), and starting points: "自1994年起", "2016年至今",
# "成立于2010年5月", "2025年以来" (the text is written in that year or any later one), and 2019年后/前.
_EDITION_AFTER = re.compile(r"度|“[^”\n]{0,15}年度")
_SINCE_AFTER = re.compile(
    r"(?:\d{1,2}月(?:\d{1,2}[日号])?)?(?:起|以来|至今|开始|始|成立|设立|创建|创办|建成|[以之]?后(?!半)"
    r"|[以之]前|前(?![一二三四五六七八九十两\d]))"
)
_SINCE_BEFORE = re.compile(r"(?:自|从|始于|起于|成立于|创建于|创办于|建于|设立于|诞生于)[ \t]{0,2}$")


@cache
def _labelled() -> re.Pattern[str]:
    """发布时间：DATE, 公示时间：DATE …, and a bare 时间：/日期： that opens a header field."""
    labels = "|".join(sorted(lexicon("date_labels"), key=longest_first))
    return re.compile(rf"(?:(?:{labels})|(?<![{_CJK}]))(?:时间|日期){_SP}[:：]{_SP}(?:{_NUM_DATE}|{_CN_DATE})")


@cache
def _page_field() -> re.Pattern[str]:
    """A header field next to the date: 来源：…, 作者:…, 3浏览, 星期四."""
    fields = "|".join(sorted(lexicon("page_fields") - {"星期"}, key=longest_first))
    return re.compile(rf"(?:{fields}){_SP}[:：|｜]|\d{_SP}(?:浏览|阅读|点击)|星期[一二三四五六日天]")


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


def _full(m: re.Match[str]) -> str | None:
    """The date of a match whose only groups are a `_NUM_DATE` or a `_CN_DATE` (year, month, day)."""
    year, month, day = [g for g in m.groups() if g is not None][:3]
    return _ymd(int(year), month, day)


def _lines(text: str, count: int) -> list[str]:
    """The first `count` non-empty lines, each cut to `SCAN_CHARS`; reads no further than it needs."""
    out: list[str] = []
    pos = 0
    while len(out) < count and pos <= len(text):
        nl = text.find("\n", pos)
        end = len(text) if nl == -1 else nl
        line = text[pos:min(end, pos + SCAN_CHARS)].strip()
        if line:
            out.append(line)
        if nl == -1:
            break
        pos = nl + 1
    return out


def _nothing_else(rest: str) -> bool:
    """`rest` (a line without its date) holds nothing but a time, a weekday and punctuation."""
    return not re.search(r"\w", _WEEKDAY.sub("", _TIME.sub("", rest)))


def _only_date(line: str, m: re.Match[str]) -> bool:
    """The line holds the date and nothing else but a time, a weekday and punctuation."""
    return _nothing_else(line[:m.start()] + " " + line[m.end():])


def _is_body(line: str) -> bool:
    """A paragraph of the text rather than a title or a header line (titles run to 60 characters)."""
    return "。" in line or len(line) > 60


def _issue_line(line: str) -> str | None:
    """The date of a paper's issue line: 《某某日报》(2012年05月03日 002版), 某某日报 2012年5月3日 第2版.

    A page number beside the date, or the paper's name in 《》 with nothing else on the line but the date.
    """
    if len(line) > ISSUE_LINE_CHARS:
        return None
    for m in _FULL_DATE.finditer(line):
        before, after = line[:m.start()], line[m.end():]
        if _EDITION.search(f"{before} {after}"):
            return _full(m)
        named = _PAPER_NAME.search(before) or _PAPER_NAME.search(after)
        if named and _nothing_else(_PAPER_NAME.sub("", before) + " " + _PAPER_NAME.sub("", after)):
            return _full(m)
    return None


def stamp_date(text: str) -> str | None:
    """The page header's date in the first lines of `text`, or None.

    A labelled date (发布时间：…, 公示时间：…) or a paper's issue line counts in any of the first lines; an
    unlabelled one (a date on a line of page fields, or alone with its time) only above the first paragraph,
    since below it a date alone on a line is the signature of a document quoted in the text.
    """
    body_seen = False
    for line in _lines(text, HEADER_LINES):
        m = _labelled().search(line)
        if m and _full(m):
            return _full(m)
        issue = _issue_line(line)
        if issue:
            return issue
        body_seen = body_seen or _is_body(line)
        if body_seen or len(line) > HEADER_LINE_CHARS:
            continue
        for m in _FULL_DATE.finditer(line):
            timed = _TIME.match(line, m.end() + (line[m.end():m.end() + 1] == " "))
            numeric = m.group(1) is not None  # 2014-01-28, not 2014年1月28日
            if _page_field().search(line) or _only_date(line, m) or timed or (numeric and len(line) <= 40):
                found = _full(m)
                if found:
                    return found
        found = _day_first(line)
        if found:
            return found
    return None


def _day_first(line: str) -> str | None:
    """A header line of a day-first date with a time or alone: 15.10.2014  06:32."""
    m = _DAY_FIRST.search(line)
    if not m or not (_only_date(line, m) or _page_field().search(line)):
        return None
    day, sep, month, year = m.groups()
    if sep == "/" and int(day) <= 12:
        return None  # 03/05/2015: May 3 or March 5
    return _ymd(int(year), month, day)


def issue_date(text: str) -> str | None:
    """A periodical's issue as "YYYY-MM": cover "2025.11", "2025年第11期" (monthly), or its print date."""
    for pattern in (_ISSUE, _COVER, _PRINTED):
        for m in pattern.finditer(text):
            found = _ym(m.group(1), m.group(2))
            if found:
                return found
    return None


def _bound(text: str, m: re.Match[str]) -> bool:
    """The year matched by `m` bounds the time of writing (an annual title's year, a starting point)."""
    before = text[max(0, m.start() - 6):m.start()]
    return bool(_EDITION_AFTER.match(text, m.end()) or _SINCE_AFTER.match(text, m.end())
                or _SINCE_BEFORE.search(before))


def _written_years(text: str) -> list[tuple[int, bool]]:
    """(year, is a bound) for every year the text writes (YYYY年, 二〇一九年, 2019-04-29)."""
    found = []
    for m in _YEAR.finditer(text):
        year = int(m.group(1))
        if _year_ok(year) and not _NOT_WRITTEN_YEAR.search(text[max(0, m.start() - 8):m.start()]):
            found.append((year, _bound(text, m)))
    for m in _CN_YEAR.finditer(text):
        year = int(m.group(1).translate(_CN_DIGITS))
        if _year_ok(year):
            found.append((year, _bound(text, m)))
    for m in _FULL_DATE.finditer(text):
        if m.group(1) and _year_ok(int(m.group(1))):  # numeric dates: their 年 is not written
            found.append((int(m.group(1)), False))
    return found


def latest_year(text: str) -> int | None:
    """The largest plausible year written as "YYYY年" (plan ranges and 到YYYY年 targets left out).

    Used to resolve 今年 when nothing better is known.
    """
    years = [
        int(m.group(1))
        for m in _YEAR.finditer(text)
        if _year_ok(int(m.group(1))) and not _NOT_WRITTEN_YEAR.search(text[max(0, m.start() - 8):m.start()])
    ]
    return max(years, default=None)


def document_year(text: str) -> int | None:
    """The year the text was written in, when the years it writes leave no doubt; else None.

    That is the latest year it writes (a text reports the past), unless a year that only bounds the time
    of writing is as late: an annual title's year (2022年度, 2022年“…年度人物”: conferred the year after)
    or a starting point (自2016年起, 2025年以来, 成立于2010年): the text may be from any later year.
    """
    years = _written_years(text)
    plain = [y for y, bound in years if not bound]
    if not plain:
        return None
    latest = max(plain)
    if any(bound and y >= latest for y, bound in years):
        return None
    return latest


def _lead_lines(text: str) -> list[tuple[list[str], str]]:
    """(header lines above it, line) for each of the first `LEAD_LINES` lines.

    The header lines are the title and page lines set above the first paragraph: the only lines besides a
    dateline's own sentence whose years are sure to be the story's.
    """
    out, header = [], []
    body_seen = False
    for line in _lines(text, LEAD_LINES):
        out.append((list(header), line))
        body_seen = body_seen or _is_body(line)
        if not body_seen:
            header.append(line)
    return out


def _sure_year(header: list[str], line: str, start: int, year: int | None) -> int | None:
    """The year of a month and day written at `start` in `line`: the years of the header lines and of the
    sentence that holds the date (as `document_year` reads them), else `year`, the year known from outside.
    """
    stop = _SENTENCE_END.search(line, start)
    sentence = line[:stop.end() if stop else len(line)]
    near = document_year("\n".join([*header, sentence]))
    return near if near is not None else year


def dateline_date(text: str, year: int | None = None) -> str | None:
    """The date a news item gives itself in a dateline at the start of one of its first paragraphs.

    A month-day dateline takes the year of its own sentence or of the header lines, else `year` (a year the
    caller knows for sure, such as the page's); a year written further down is never taken.
    """
    for header, line in _lead_lines(text):
        for pattern in (_DISPATCH, _AFTER_NEWS_MARK, _BYLINE_DATE):
            m = pattern.match(line)
            if m:
                y = int(m.group(1)) if m.group(1) else _sure_year(header, line, m.start(2), year)
                return _ymd(y, m.group(2), m.group(3))
    return None


def lead_year(text: str, year: int | None = None) -> str | None:
    """The year of the event a story's lead opens with or dates in its first sentence, as "YYYY".

    A lead that opens on a month and day (5月11日,…) takes a year as a dateline does.
    """
    for header, line in _lead_lines(text):
        if not _is_body(line):
            continue  # a title or a header line, not the lead
        m = _LEAD_OPENING.match(line)
        if m:
            y = int(m.group(1)) if m.group(1) else _sure_year(header, line, m.start(2), year)
            found = _ymd(y, m.group(2), m.group(3))
            return found[:4] if found else None
        sentence = line.split("。", 1)[0]
        m = _LEAD_EVENT.search(sentence)
        found = _ymd(int(m.group(1)), m.group(2), m.group(3)) if m else None
        return found[:4] if found else None
    return None


def detect_date(text: str, year: int | None = None) -> str | None:
    """Best publication date for one text: header stamp, issue, dateline, then the year of a dated lead.

    `year` is a year known for sure from outside the text; the text's own years count only where they are
    sure (see `dateline_date`). A text that only mentions years (2025年以来…) gets None.
    """
    return stamp_date(text) or issue_date(text) or dateline_date(text, year) or lead_year(text, year)


def assign_dates(articles: list[Article], default: str | None = None) -> None:
    """Give every article of one file its date.

    An article's own header stamp comes first; then the stamp at the top of the file (a web page cut into
    two articles), the issue of a periodical, the article's dateline and the year of its dated lead (each
    with a year only from its own header lines and sentence: another article's years are not its own). An
    article with none of these takes the latest date of the other articles of the file (a page is printed
    after all the events it reports), and then `default`.
    """
    if not articles:
        return
    whole = "\n".join(a.text for a in articles)
    file_date = stamp_date(articles[0].text) or issue_date(whole)
    own = [stamp_date(a.text) or file_date or dateline_date(a.text) or lead_year(a.text) for a in articles]
    fallback = max((d for d in own if d), default=None) or default
    for article, date in zip(articles, own, strict=True):
        article.date = date or fallback
