"""Cut one file into articles.

A newspaper page or a magazine issue holds many articles; extraction must not mix them (a name in one
story and an honour in the next are not related). The cut works on the normalised lines, from cues that
layout editors use everywhere:

* end markers close an article: a reporter byline after the body (■全媒体记者X 通讯员Y), an author
  signature line "(王小明)", a "来源 | 《南方工报》" credit, an "作者单位 | …" line not followed by references;
* start cues open one, together with the title lines set just above them: a "本报讯" or dated news lead
  ("11月26日,…"), a "文 | 作者" line, a regional headline "X总工会 做了某事", a section label (目录,
  数说, 经验分享, 11月大事, 按：…), a masthead, a table, a quotes column, and a title after a photo credit
  and a wide gap.

Weak cues only cut when the article above already has a real body, so a column lead and the report under
it, or a photo strip and its story, stay together: cutting too little is better than cutting a story in
two. A title printed after its article's byline (the PDF pages do this) is put back on that article, and
captions left at the end of a page become their own small article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kg.ingest.normalise import is_author_paren, is_byline, is_caption
from kg.model import Article

_SECTION = re.compile(r"^(?:目\s?录|数说|经验分享|本期导读|卷首语|\d{1,2}月大事|(?:编者)?按\s*[：:].*)$")
_SECTION_OPENS_TEXT = re.compile(r"^(?:编者)?按\s*[：:]")  # 按：… is the first paragraph, not a label
_LABELS_BEFORE_TITLE = frozenset({"数说", "经验分享"})  # a titled piece follows the label
_AUTHOR_TOP = re.compile(r"^(?:文|作者|撰文)\s*[|｜/:：]\s*\S")
_SOURCE = re.compile(r"^来源\s*[|｜:：]")
_AFFILIATION = re.compile(r"^作者单位\s*[|｜:：]")
_REFERENCES = re.compile(r"^参考文献\s*[:：]?$")
_NEWS_LEAD = re.compile(r"^[（(]?本报讯")
_DATE_LEAD = re.compile(r"^(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:至\d{1,2}日)?[,，]")
_ORG_HEADLINE = re.compile(r"^[\u4e00-\u9fff]{2,16}(?:总工会|工会|工联会)\s+\S")
_MASTHEAD = re.compile(r"^《[^》]{2,12}》$")
_ISSUE_LINE = re.compile(r"\d{4}年第\d{1,2}期")
_QUOTE_ITEM = re.compile(r"^[·•]\s*[)）]")
_ATTRIBUTION = re.compile(r"^[—–-]{2}")
_CREDIT = re.compile(r"(?:供图|摄影)\s*[|｜]\s*\S{1,8}$")
_REFERENCE_LIKE = re.compile(r"\[[A-Z\d]{1,2}\]|^\d+\.\s|^-\s|\.\s|\(\d{4}\)|\d{4}\(\d")
_PHOTO_CREDIT = re.compile(r"(?:/摄|摄影)$")
_ORG_COLON = re.compile(r"^\S{2,30}[：:]$")

BYLINE_MIN_BODY = 200  # a byline under less text than this is the byline of the article it heads
WEAK_MIN_BODY = 300  # a weak cue cuts only below an article with at least this much text
NEWS_MIN_BODY = 50
MAX_TITLE_LINES = 3
WIDE_GAP = 3  # newlines: two blank lines or more


@dataclass
class _Line:
    start: int  # span in the normalised text
    end: int
    text: str
    gap: int  # newlines in the original between this line and the previous one


def _lines(text: str, original: str, offsets: list[int]) -> list[_Line]:
    """The non-empty lines of the normalised text, with the size of the gap above each in the original."""
    out: list[_Line] = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        if not raw.strip():
            continue
        prev_end = offsets[out[-1].end - 1] + 1 if out else 0
        gap = original.count("\n", prev_end, offsets[start])
        out.append(_Line(start, end, raw, gap))
    return out


def _is_end_marker(text: str) -> bool:
    return is_byline(text) or is_author_paren(text) or bool(_SOURCE.match(text))


def is_title_like(text: str) -> bool:
    """A headline-shaped line: short, no sentence inside, not a caption, byline or reference."""
    if not 2 <= len(text) <= 60 or re.search(r"[。；;\t]", text):
        return False
    if text[-1] in "，,、：:" or all(not ch.isalnum() for ch in text):
        return False
    if is_caption(text) or _is_end_marker(text) or _AUTHOR_TOP.match(text):
        return False
    return not (_REFERENCE_LIKE.search(text) or _AFFILIATION.match(text) or _DATE_LEAD.match(text))


def _title_block(lines: list[_Line], i: int, limit: int = MAX_TITLE_LINES, caption: bool = False) -> int:
    """Index of the first line of the title block set right above line `i` (== i when there is none)."""
    j = i
    while j > 0 and i - j < limit and is_title_like(lines[j - 1].text):
        j -= 1
        if _SECTION.match(lines[j].text) or lines[j].gap >= WIDE_GAP:
            break  # a section label heads its block; a wide gap separates unrelated lines
    if caption and j < i and j > 0 and is_caption(lines[j - 1].text):
        j -= 1
    return j


def _is_table(text: str) -> bool:
    return text.count("\t") >= 2


def _start_cue(lines: list[_Line], i: int) -> tuple[int, int] | None:
    """(first line, minimum body of the article above) if line `i` opens an article, else None."""
    text, prev = lines[i].text, lines[i - 1].text if i else ""
    if _SECTION.match(text):
        return i, 1
    if _MASTHEAD.match(text) and any(_ISSUE_LINE.search(ln.text) for ln in lines[i + 1:i + 3]):
        return i, 1
    if _is_table(text) and not _is_table(prev):
        return _title_block(lines, i, limit=1), 1
    if i and _is_table(prev) and not _is_table(text):
        return i, 1
    if _QUOTE_ITEM.match(text) and not (_QUOTE_ITEM.match(prev) or _ATTRIBUTION.match(prev)):
        return i, 1
    if _AUTHOR_TOP.match(text):
        j = _title_block(lines, i, caption=True)
        return (j, 1) if j < i else None
    if _NEWS_LEAD.match(text):
        return _title_block(lines, i), NEWS_MIN_BODY
    if _DATE_LEAD.match(text):
        j = _title_block(lines, i)
        return (j, WEAK_MIN_BODY) if j < i else None
    if _ORG_HEADLINE.match(text) and is_title_like(text):
        return i, WEAK_MIN_BODY
    if i and _CREDIT.search(prev) and lines[i].gap >= WIDE_GAP and is_title_like(text):
        return i, WEAK_MIN_BODY
    return None


def _closes_article(lines: list[_Line], i: int, body: int) -> bool:
    """Line `i` ends the article it is in."""
    text = lines[i].text
    if is_byline(text):  # "全媒体记者X/摄" credits a photo, it closes nothing
        return body >= BYLINE_MIN_BODY and not _PHOTO_CREDIT.search(text)
    if _AFFILIATION.match(text):
        return not (i + 1 < len(lines) and _REFERENCES.match(lines[i + 1].text))
    if _SOURCE.match(text):  # 来源: in a page header under the title opens the text, it closes nothing
        return body >= BYLINE_MIN_BODY
    return _is_end_marker(text)


def _captions_to_end(lines: list[_Line]) -> list[bool]:
    """For every index k (and len(lines)), whether all lines from k to the end are captions."""
    tail = [True] * (len(lines) + 1)
    for k in range(len(lines) - 1, -1, -1):
        tail[k] = tail[k + 1] and is_caption(lines[k].text)
    return tail


def _after_end(lines: list[_Line], i: int, captions_to_end: list[bool]) -> tuple[int | None, bool]:
    """Where the next article starts after an end marker at `i`, and whether titles were left behind.

    Title lines followed only by captions (or nothing) are the headline printed under its own article.
    """
    k = i + 1
    while k < len(lines) and is_title_like(lines[k].text):
        k += 1
    if k > i + 1 and captions_to_end[k]:
        return (k if k < len(lines) else None), True
    return (i + 1 if i + 1 < len(lines) else None), False


def cut_points(lines: list[_Line]) -> tuple[list[int], set[int]]:
    """Line indices where articles start, and the articles (by start) that got a trailing title."""
    cues: dict[int, int] = {}
    for i in range(len(lines)):
        cue = _start_cue(lines, i)
        if cue and cue[0] > 0:
            cues[cue[0]] = min(cue[1], cues.get(cue[0], cue[1]))
    starts, trailing = [0], set()
    body = 0
    captions_to_end = _captions_to_end(lines)
    for i, line in enumerate(lines):
        if i in cues and i > starts[-1] and body >= cues[i]:
            starts.append(i)
            body = 0
        if _closes_article(lines, i, body):
            nxt, left_title = _after_end(lines, i, captions_to_end)
            if left_title:
                trailing.add(starts[-1])
            if nxt is not None:
                cues[nxt] = 0
        body += len(line.text)
    return starts, trailing


def _with_second_line(text: str, k: int, lines: list[_Line]) -> str:
    """A very short first line (东莞市大岭山镇) is the first half of a headline set on two lines.

    `k` is the index of the line after it in `lines`.
    """
    if 4 <= len(text) <= 10 and k < len(lines) and is_title_like(lines[k].text) and lines[k].gap < WIDE_GAP:
        nxt = lines[k].text
        if re.search(r"[\u4e00-\u9fff]", nxt) and not (_ATTRIBUTION.match(nxt) or _ORG_COLON.match(nxt)):
            return f"{text} {nxt}"
    return text


def _title(lines: list[_Line], trailing: bool, end: int) -> str | None:
    """The headline: the first title line at the top, or the one printed under the article."""
    first = lines[0].text
    if _SECTION.match(first) and first not in _LABELS_BEFORE_TITLE:
        return None if _SECTION_OPENS_TEXT.match(first) else first
    for n, line in enumerate(lines[: MAX_TITLE_LINES + 3]):
        text = line.text
        if text in _LABELS_BEFORE_TITLE or _ORG_COLON.match(text) or is_caption(text):
            continue
        if _AUTHOR_TOP.match(text) or _ATTRIBUTION.match(text):
            continue
        if is_title_like(text):
            return _with_second_line(text, n + 1, lines)
        break
    if trailing:
        titles = [ln.text for ln in lines[:end] if is_title_like(ln.text)]
        return titles[-1] if titles else None
    return None


def _slice(doc_id: str, source: str, original: str, text: str, offsets: list[int],
           lines: list[_Line], title: str | None) -> Article:
    a, b = lines[0].start, lines[-1].end
    return Article(doc_id=doc_id, source=source, text=text[a:b], offsets=offsets[a:b] + [offsets[b - 1] + 1],
                   original=original, title=title)


def split_articles(source: str, original: str, text: str, offsets: list[int]) -> list[Article]:
    """Cut a normalised file (`text`, `offsets` from `normalise(original)`) into `Article`s.

    doc ids are "<file stem>#01", "#02"… in file order; dates are left for `dates.assign_dates`.
    """
    lines = _lines(text, original, offsets)
    if not lines:
        return []
    starts, trailing = cut_points(lines)
    stem = Path(source).stem
    articles = []
    for n, (s, e) in enumerate(zip(starts, starts[1:] + [len(lines)], strict=True), start=1):
        part = lines[s:e]
        title = _title(part, s in trailing, len(part))
        articles.append(_slice(f"{stem}#{n:02d}", source, original, text, offsets, part, title))
    return articles
