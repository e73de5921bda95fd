"""Vietnamese text handling: folding, slugs, collation, dates, legacy encodings."""

import datetime as dt

from tdkt.base.text import fold, format_date, looks_like_legacy_encoding, slugify, sort_key


def test_fold_removes_tones_and_maps_d_stroke():
    assert fold("Đảng Lý Sơn nuôi heo đất") == "Dang Ly Son nuoi heo dat"
    assert fold("thuỷ") == fold("thủy") == "thuy"


def test_slugify_keeps_d_as_d():
    assert slugify("Nuôi heo đất, gửi yêu thương") == "nuoi-heo-dat-gui-yeu-thuong"
    assert slugify("Đảng") == "dang"
    assert slugify("962/SNV-TĐKT") == "962-snv-tdkt"


def test_sort_follows_vietnamese_alphabet():
    words = ["Ưu điểm", "Đảng", "Ăn", "An", "Ân", "Dân", "Zeta", "Ô", "Ơ", "O", "Bình"]
    assert sorted(words, key=sort_key) == ["An", "Ăn", "Ân", "Bình", "Dân", "Đảng", "O", "Ô", "Ơ", "Ưu điểm", "Zeta"]


def test_sort_uses_tone_after_letters():
    assert sorted(["mả", "ma", "má", "mà"], key=sort_key) == ["ma", "mà", "mả", "má"]


def test_dates_are_written_the_vietnamese_way():
    assert format_date(dt.date(2014, 4, 7)) == "07/04/2014"
    assert format_date(None) == ""


def test_legacy_encoding_is_recognised_but_unicode_is_not():
    assert looks_like_legacy_encoding("C«ng t¸c thi ®ua, khen th­ëng")
    assert not looks_like_legacy_encoding("Công tác thi đua, khen thưởng có diện tích 10,32 km²")
