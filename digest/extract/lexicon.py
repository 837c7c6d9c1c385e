"""Words of Vietnamese statistical reporting, lower case with the new tone placement ("thủy", "hóa").

What a report measures (its heads), the verbs that link a measure to its number, what a unit measures,
and the words that end a noun phrase. They are the language's, not any paper's: a socio-economic report
of a commune, a province or a ministry uses the same ones.
"""

from __future__ import annotations


def _entries(block: str) -> frozenset[str]:
    """The entries of a block written as lines of "a|b|c"."""
    return frozenset(entry.strip() for line in block.splitlines() for entry in line.split("|") if entry.strip())


# Nouns that name a measure; a phrase holding one says what its number is.
MEASURE_HEADS = _entries(
    """
    giá trị|tổng giá trị|giá trị sản xuất|giá trị sản phẩm|tổng sản phẩm|tổng|tổng số|số|số lượng|tổng mức
    thu|tổng thu|thu ngân sách|thu nhập|thu hút|chi|tổng chi|chi ngân sách|ngân sách|nộp ngân sách
    sản lượng|diện tích|năng suất|tỷ lệ|tốc độ|tốc độ tăng|tốc độ tăng trưởng|chỉ số
    vốn|nguồn vốn|kinh phí|giải ngân|doanh thu|doanh số|lợi nhuận|kim ngạch|xuất khẩu|nhập khẩu
    grdp|gdp|grdp bình quân|tỷ trọng|cơ cấu|mức|mức tăng|lượng|khối lượng|quy mô
    độ bao phủ|độ che phủ|tỷ lệ che phủ|che phủ|mật độ|dân số|lượt|lượng khách|chiều dài|công suất
    quỹ|dư nợ|tổng dư nợ|đàn|tổng đàn|giá|lãi suất|tiền|xếp hạng|thứ hạng|chỉ tiêu|tiêu chí|mục tiêu
    huy động|trồng mới|tổng vốn|tổng kinh phí|tổng diện tích|tổng sản lượng|tuổi thọ|năng lực
    """
)

# Heads that name an activity rather than a quantity: the object after the number completes them
# ("giải ngân 450 tỷ đồng vốn đầu tư công", "trồng mới 3.500 ha rừng").
ACTIVITY_HEADS = frozenset({"giải ngân", "huy động", "trồng mới", "thu hút", "xuất khẩu", "nhập khẩu", "thu", "chi"})

# What a unit measures, for a measure that names only its object ("cà phê đạt 1.542ha": diện tích cà phê).
DIMENSIONS = {
    "ha": "diện tích",
    "km²": "diện tích",
    "m²": "diện tích",
    "km": "chiều dài",
    "tấn": "sản lượng",
    "tạ": "sản lượng",
    "kg": "sản lượng",
    "tạ/ha": "năng suất",
    "tấn/ha": "năng suất",
    "m³": "khối lượng",
    "đồng": "giá trị",
    "USD": "giá trị",
    "EUR": "giá trị",
    "thứ hạng": "xếp hạng",
}

# What links a measure to its number, dropped from the end of a label: "ước đạt", "đã đạt được", "là".
LINKS = frozenset(
    """
    ước tính đạt được là bằng tăng giảm còn có với khoảng trên hơn gần từ ít nhất xếp vượt chiếm
    lên xuống tới đến thêm hiện nay đã đang sẽ vẫn cũng trở ở chừng phấn đấu
    """.split()
)

# Adverbs between a link verb and the number: "tăng bình quân 12%/năm", "giảm hằng năm 2%".
TRAILING_ADVERBS = frozenset({"bình quân", "hằng năm", "hàng năm", "mỗi năm", "trung bình"})
# Pairs that link like one verb: "ở mức 2%", "đạt mức 5%", "ước thực hiện 38.040 ha".
LINK_PAIRS = _entries(
    """
    thực hiện|tăng trưởng|mới đạt|mới có|đạt cao|đạt khá|tăng cao|tăng mạnh|giảm mạnh|đạt thấp|ở mức|đạt mức
    ở ngưỡng|lên mức|xuống mức|xuống còn|lên tới
    """
)

# Aspect markers: what comes before them is the subject ("kỳ họp đã thông qua 23 chỉ tiêu").
ASPECT = frozenset({"đã", "đang", "sẽ", "vẫn"})

# Words that end a measure's noun phrase: verbs, adjectives of judgement, list openers.
NP_STOPS = frozenset(
    """
    đạt được là bằng tăng giảm còn có chiếm vượt ước tính thực hiện cao thấp khá tốt lớn nhỏ mạnh nhanh chậm
    như gồm tiếp tục duy trì ổn định phát triển đảm bảo bảo đảm được bị đã đang sẽ vẫn cũng luôn nhằm để
    nhưng song tuy mà thì nên vì do khi nếu
    """.split()
)

# Predicates that make a chunk a clause of its own, not an item of a coordinated measure.
CLAUSE_VERBS = _entries(
    """
    chuyển dịch|phát triển|duy trì|giữ vững|nâng cao|cải thiện|đẩy mạnh|triển khai|tiếp tục|hoàn thành
    ổn định|tích cực|hiệu quả|đúng hướng|chuyển biến|khởi sắc|được|có|là|đạt|tăng|giảm|chiếm|vượt|gồm|như
    """
)

# Nouns after a percentage that make it a share of what comes before ("chiếm 98,1% tỷ trọng").
SHARE_WORDS = ("tỷ trọng", "cơ cấu")
