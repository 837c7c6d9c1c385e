"""Every sentence the bot says, in Vietnamese.

Messages are Telegram HTML, so "<" and "&" are written &lt; and &amp; (a test parses every one of them
as Telegram does); button labels and the menu's descriptions are plain text.
"""

from __future__ import annotations

GREETING = (
    "Xin chào! Tôi gửi bản tin tóm tắt tin tức chính quyền địa phương: địa bàn, ngày, số liệu và lãnh đạo.\n"
    "Đăng ký một xã, phường, đặc khu, cả tỉnh, hay một huyện, tỉnh cũ, để nhận tin ngay khi có bài mới.\n"
    "Mỗi tuần bạn còn nhận một bản tổng hợp (mặc định sáng thứ Hai, 7 giờ)."
)
BUTTON_SUBSCRIBE = "➕ Đăng ký địa phương"
BUTTON_LATEST = "📰 Tin mới nhất"
BUTTON_WEEKLY = "🗞 Tổng hợp tuần"
BUTTON_LIST = "📋 Danh sách đăng ký"
BUTTON_PREVIOUS = "◀ Trước"
BUTTON_NEXT = "Sau ▶"
BUTTON_WHOLE_PROVINCE = "Cả tỉnh {province}"

SUBSCRIBE_USAGE = (
    "Cách dùng: /subscribe &lt;tên địa phương&gt;, ví dụ /subscribe phường Hạc Thành, /subscribe Thanh Hóa "
    "hoặc /subscribe huyện Thọ Xuân (huyện cũ)."
)
PICK_PROVINCE = "Chọn tỉnh, thành phố:"
PICK_COMMUNE = (
    "Chọn xã, phường, đặc khu thuộc {province}, hoặc gõ tên: /subscribe &lt;tên&gt; "
    "(huyện, tỉnh cũ cũng tìm được bằng tên)."
)
CHOOSE_AMONG = "“{query}” có ở nhiều nơi. Bạn muốn chọn:"
NOT_FOUND = "Không tìm thấy địa phương “{query}”."
SUGGEST = "Có phải bạn muốn:"
TOO_LONG = "Tên địa phương quá dài (tối đa {limit} ký tự)."
SUBSCRIBED = "Đã đăng ký nhận tin {place}."
ALREADY_SUBSCRIBED = "Bạn đã đăng ký {place} rồi."
UNSUBSCRIBED = "Đã hủy đăng ký {place}."
NOT_SUBSCRIBED = "Bạn chưa đăng ký {place}."
UNSUBSCRIBE_PICK = "Chọn địa phương muốn hủy:"
NO_SUBSCRIPTIONS = "Chưa đăng ký địa phương nào. Dùng /subscribe &lt;tên địa phương&gt; để bắt đầu."
SUBSCRIPTION_LIST = "Các địa phương đã đăng ký (bấm để hủy):"
SCHEDULE_LINE = "Tổng hợp tuần: {day} lúc {time}. {mode}"
MODE_INSTANT = "Tin mới được gửi ngay khi có."
MODE_WEEKLY_ONLY = "Chỉ nhận bản tổng hợp tuần, không nhận tin ngay."
NO_NEWS_ANYWHERE = "Chưa có bài nào. Hãy đăng ký một địa phương bằng /subscribe."
SCHEDULE_USAGE = (
    "Cách dùng: /schedule &lt;thứ&gt; &lt;giờ&gt;, ví dụ /schedule thứ 2 07:00 hoặc /schedule chủ nhật 18h30.\n"
    "/schedule chỉ tuần: chỉ nhận bản tổng hợp tuần; /schedule ngay: nhận cả tin ngay khi có."
)
SCHEDULE_SAVED = "Đã lưu. " + SCHEDULE_LINE
ADMINS_ONLY = "Chỉ quản trị viên của nhóm mới được thay đổi đăng ký và lịch gửi tin."
NOT_ALLOWED = "Bot này chỉ phục vụ các cuộc trò chuyện được người vận hành cho phép."
UNKNOWN_COMMAND = "Tôi không hiểu lệnh này. Các lệnh: /subscribe, /unsubscribe, /list, /latest, /weekly, /schedule."

DAY_NAMES = {
    "mon": "thứ Hai",
    "tue": "thứ Ba",
    "wed": "thứ Tư",
    "thu": "thứ Năm",
    "fri": "thứ Sáu",
    "sat": "thứ Bảy",
    "sun": "Chủ nhật",
}

# The descriptions shown in Telegram's command menu, by command.
MENU = {
    "subscribe": "Đăng ký nhận tin một địa phương",
    "unsubscribe": "Hủy đăng ký",
    "list": "Các địa phương đã đăng ký",
    "latest": "Tin mới nhất",
    "weekly": "Tổng hợp tuần",
    "schedule": "Lịch gửi tổng hợp tuần",
}
