"""Line-level boilerplate removal for plain text, and for the text trafilatura gives from HTML.

Every rule names a reason code; every removed line is returned with it, so nothing is lost.
Rules are deliberately conservative: a body line that merely *mentions* sharing or a photo must
stay, so most rules also require the line to be short and free of sentence-like prose.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from storyline.types import Cleaned, RemovedLine

# Agency acronyms match case-sensitively and as whole words, so "campaign" never matches MPA.
_CREDIT_ORGS = (
    r"\b(?:AP|AFP|EPA|GPO|IDF|MPA|WANA|UPI|dpa|ANI|PTI|IANS|SPA|WAFA)\b"
    r"|\b(?i:Reuters|Getty(?: Images)?|Flash90|Shutterstock|Anadolu|Xinhua|Spokesperson|File photo"
    r"|File|archive|Handout|Pool|Wikimedia(?: Commons)?|Alamy|Sipa|Images|Photo|Credit)\b"
)
_CREDIT_TAIL = re.compile(
    rf"(?:\[[^\]]{{0,60}}(?:{_CREDIT_ORGS})[^\]]{{0,60}}\]"
    rf"|\((?=[^)]{{0,60}}(?:{_CREDIT_ORGS}))(?:\S+\s?){{1,6}}\)"
    rf"|(?i:Photo|Image|Picture)s?\s*(?i:credit)?\s*[:/][^.]{{0,60}})\s*$"
)
_STANDALONE_CREDIT = re.compile(
    rf"^\(?\s*(?:(?i:photo|image|picture|video|file photo|credit|photo credit)s?\s*[:/]\s*.{{0,60}}"
    rf"|[^()]{{0,40}}(?:{_CREDIT_ORGS})(?:\s*(?:Photo|Images|Staff|Spokesperson))?"
    rf"(?:\s*/\s*[^()]{{0,40}})?)\s*\)?$"
)
_NAME_SLASH_ORG = re.compile(r"^[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}\s*/\s*[A-Z][\w&.' -]{2,50}$")
_READ_TIME = re.compile(
    r"^(?:\d{1,3}\s*(?:-|\s)?(?:min(?:ute)?s?|m)\.?\s*(?:read|de lecture|listen)"
    r"|(?:estimated\s+)?(?:reading|read) time\s*[:\-]?\s*\d{1,3}\s*(?:min(?:ute)?s?)?"
    r"|temps de lecture\s*:?\s*\d{1,3}\s*min(?:utes)?)\.?$",
    re.IGNORECASE,
)
_WIDGET = re.compile(
    r"^(?:leave a (?:reply|comment)|post a comment|no comments?:?|\d*\s*comments?:?|add (?:a )?comment"
    r"|please enter your (?:comment|name|email)(?: here)?!?|views?:?\s*\d*|share(?: this)?(?: article| story| on \w+)?:?"
    r"|share|tweet|email|print|copy link|save(?: article)?|listen(?: to (?:this|the) article)?"
    r"|(?:follow|join) us on .{0,40}|join our \w+ (?:channel|group).{0,40}"
    r"|(?:subscribe|sign up)\b.{0,80}|get (?:the|our) .{0,40}(?:newsletter|briefing|alerts?|delivered).{0,40}"
    r"|(?:click|tap) here\b.{0,80}|advertisement|sponsored(?: content)?|spot_img\w*|we use cookies.{0,120}"
    r"|accept(?: all)? cookies|download (?:the|our) app.{0,40}|partager|commenter|abonnez-vous.{0,60}"
    r"|like this article\??|was this article helpful\??|report an error|comments are closed\.?)$",
    re.IGNORECASE,
)
_RELATED = re.compile(
    r"^(?:read (?:more|also|next)|also read|see also|related(?: articles?| stories| coverage)?|recommended"
    r"|more (?:on|from|about) (?:this|the|our)\b[^.]{0,40}|more stories|trending(?: now)?|watch|lire aussi"
    r"|à lire aussi|editor'?s picks?|top stories|most read|you may also like)\b\s*[:|\-–—>»]?",
    re.IGNORECASE,
)
_SYNDICATION = re.compile(
    r"(?:syndicated feed|auto-?generated from|has not been edited by|not been edited by .{0,30} staff"
    r"|^(?:this (?:article|story|piece|post|report) )?(?:was |is )?(?:originally|first) (?:published|appeared)\b"
    r"|republished (?:with permission|under|from)"
    r"|source de cet article|cet article (?:est|a été) (?:publié|repris)|with inputs from (?:agencies|\w+)"
    r"|this (?:story|article) (?:was|is|has been) (?:provided|distributed|published) by"
    r"|(?:aggregated|curated) (?:automatically|by)|via (?:our )?(?:news )?feed)",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"^(?:©|\(c\)\s|copyright\b|all rights reserved|tous droits réservés|source\s*:|sources?\s*:|terms of (?:use|service)"
    r"|privacy policy|contact us|about us)",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s|copyright\b)|all rights reserved|tous droits réservés", re.I
)
_BLURB = re.compile(
    r"^(?:the )?[A-Z][\w.'’ -]{1,60}\b(?:is|are|was|has been|writes|covers|reports)\b.{0,160}"
    r"\b(?:journalist|reporter|correspondent|editor|writer|columnist|contributor|staff|freelance"
    r"|analyst|newsroom|bureau chief|team of journalists)s?\b.{0,120}$",
)
_BYLINE = re.compile(
    r"^(?i:by|par|written by|reporting by|words by)\s+[A-Z][\w.'’-]+(?:[ ,]+(?:and |et )?[A-Z][\w.'’-]+){0,7}"
    r"(?:\s*[,|\-–—]\s*[^.!?]{0,80})?$"
)
#: A desk credit in place of a byline: "TEHRAN HORIZON NEWS DESK", "By the Reuters staff".
DESK_LINE = re.compile(
    r"^(?:(?:by|from)\s+)?(?:(?:the|our)\s+)?([A-Z][\w&.'’ -]{1,40}?)\s+"
    r"(?:news\s+|web\s+|online\s+)?(?:desk|staff|bureau|newsroom)$",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?:\|\s*)?@\w{2,}\s*$")
_DATE_HEADER = re.compile(r"^date\s+\d{4}-\d{2}-\d{2}(?:\s+[A-Za-z]+)?\s*$", re.IGNORECASE)

#: Lines at most this long can be boilerplate; longer lines are prose and always kept.
_SHORT = 160


def _words(line: str) -> int:
    return len(line.split())


def _is_prose(line: str) -> bool:
    """A long line ending like a sentence is body text whatever words it contains."""
    return len(line) > _SHORT or (_words(line) > 14 and line.rstrip()[-1:] in ".!?\"”'’")


Rule = Callable[[str, int, Sequence[str]], bool]


def _read_time(line: str, i: int, lines: Sequence[str]) -> bool:
    return bool(_READ_TIME.match(line))


#: A page-furniture strip: "Outlet | Section | Reads: 3,902", "World | 4 min read | 12 comments".
_COUNTER_STRIP = re.compile(
    r"^[^.!?|]{1,40}(?:\s\|\s[^.!?|]{1,40})*\s\|\s*(?:(?:reads?|views?|comments?|shares?)\s*:?\s*[\d,.]+k?"
    r"|[\d,.]+k?\s+(?:reads?|views?|comments?|shares?)|\d{1,3}\s*min(?:ute)?s?\s+read)$",
    re.IGNORECASE,
)


def _widget(line: str, i: int, lines: Sequence[str]) -> bool:
    if len(line) > 120:
        return False
    return bool(
        _WIDGET.match(line.strip(" :")) or _WIDGET.match(line) or _COUNTER_STRIP.match(line)
    )


def _related(line: str, i: int, lines: Sequence[str]) -> bool:
    return _words(line) <= 25 and not line.rstrip().endswith(".") and bool(_RELATED.match(line))


def _syndication(line: str, i: int, lines: Sequence[str]) -> bool:
    return _words(line) <= 45 and bool(_SYNDICATION.search(line))


def _footer(line: str, i: int, lines: Sequence[str]) -> bool:
    """Copyright lines anywhere; `Source:`-style and site-link lines only in the lower half."""
    if _words(line) > 25:
        return False
    if _COPYRIGHT.search(line):
        return True
    return i >= len(lines) * 0.5 and bool(_FOOTER.match(line))


def _photo_credit(line: str, i: int, lines: Sequence[str]) -> bool:
    if _words(line) > 10 or line.rstrip()[-1:] in ".!?":
        return False
    return bool(_STANDALONE_CREDIT.match(line) or _NAME_SLASH_ORG.match(line))


def _caption(line: str, i: int, lines: Sequence[str]) -> bool:
    """A caption ends with a bracketed credit, or is repeated with a credit glued onto it, or is
    a Markdown image's alt text (written "alt (Image)" by the Markdown reader)."""
    if line.endswith(" (Image)") and _words(line) <= 45:
        return True
    if _words(line) <= 45 and _CREDIT_TAIL.search(line) and not _is_long_paragraph(line):
        return True
    prev = lines[i - 1] if i else ""
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    return _glued_pair(line, prev) or _glued_pair(nxt, line) or _credit_suffix(line, prev)


def _credit_suffix(line: str, prev: str) -> bool:
    """`Caption text.Name / Agency` after a standalone `Name / Agency` credit line."""
    prev = prev.strip()
    return (
        8 <= len(prev) < len(line)
        and _words(prev) <= 8
        and line.endswith(prev)
        and line[: -len(prev)].rstrip()[-1:] in ".!?)]\"”'’abcdefghijklmnopqrstuvwxyz"
    )


def _is_long_paragraph(line: str) -> bool:
    return _words(line) > 45


def _glued_pair(longer: str, shorter: str) -> bool:
    shorter = shorter.strip()
    if len(shorter) < 15 or not longer.startswith(shorter) or longer == shorter:
        return False
    tail = longer[len(shorter) :].strip()
    return 0 < _words(tail) <= 8 and tail[-1:] not in ".!?"


def _byline(line: str, i: int, lines: Sequence[str]) -> bool:
    if i > 8 or _words(line) > 16:
        return False
    return bool(_BYLINE.match(line) or _HANDLE.search(line) or DESK_LINE.match(line.strip()))


def _author_blurb(line: str, i: int, lines: Sequence[str]) -> bool:
    return i >= len(lines) - 4 and _words(line) <= 50 and bool(_BLURB.match(line))


#: Order matters: the first rule that fires names the reason.
RULES: tuple[tuple[str, Rule], ...] = (
    ("read_time", _read_time),
    ("widget", _widget),
    ("syndication", _syndication),
    ("related_link", _related),
    ("photo_credit", _photo_credit),
    ("caption", _caption),
    ("byline", _byline),
    ("author_blurb", _author_blurb),
    ("footer", _footer),
)


def classify(line: str, i: int, lines: Sequence[str]) -> str | None:
    """The reason code for removing `lines[i]`, or None to keep it."""
    stripped = line.strip()
    if not stripped:
        return None
    if i == 0 and _DATE_HEADER.match(stripped):
        return "metadata_header"
    for reason, rule in RULES:
        if reason not in ("caption", "syndication", "author_blurb") and _is_prose(stripped):
            continue
        if rule(stripped, i, lines):
            return reason
    return None


def clean_lines(text: str) -> Cleaned:
    """Split into lines, drop boilerplate with reasons, drop exact repeats of short lines."""
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [ln for ln in lines if ln]
    kept: list[str] = []
    removed: list[RemovedLine] = []
    for i, line in enumerate(lines):
        reason = classify(line, i, lines)
        if reason is None and i and line == lines[i - 1] and _words(line) <= 12:
            # Only an immediate repeat: a short line recurring through a page is usually
            # structure (list items, interview prompts), not boilerplate.
            reason = "empty_repeat"
        if reason:
            removed.append(RemovedLine(line, reason))
        else:
            kept.append(line)
    return Cleaned("\n\n".join(kept), tuple(removed))
