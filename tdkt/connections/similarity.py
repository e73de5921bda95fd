"""How alike two section titles are: by characters (a report against its outline, where titles are
copied) or by topic words (outlines against each other, where wording differs)."""

from __future__ import annotations

from rapidfuzz.fuzz import ratio

from ..base.text import fold

# Words that every title of this field shares; they say nothing about a section's topic.
_COMMON = set(
    "cua va cac cho trong ve viec doi voi theo tai den de la co duoc nhung mot so nam tren tu "
    "cong tac thi dua khen thuong chi thi ct tw tu bo chinh tri ban thuong vu thanh uy tinh "
    "thuc hien ket qua danh gia nay da".split()
)


def _key(text: str) -> str:
    return " ".join(fold(text).lower().replace(":", " ").replace(".", " ").split())


def wording(a: str, b: str) -> float:
    """0–1 by characters, for titles copied with small changes ("… Chỉ thị." / "… Chỉ thị số 34-CT/TW"):
    twice the longest common subsequence over both lengths (rapidfuzz's C++ Indel ratio)."""
    return ratio(_key(a), _key(b)) / 100


def _topic_words(text: str) -> set[str]:
    words = {word.strip(",;()“”\"'") for word in _key(text).split()}
    return {word for word in words if len(word) > 1 and not word.isdigit() and word not in _COMMON}


def topic(a: str, b: str) -> float:
    """0–1 by shared topic words (Dice coefficient), for titles that say the same in other words."""
    left, right = _topic_words(a), _topic_words(b)
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))
