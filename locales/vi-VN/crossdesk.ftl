# crossdesk's own messages to shoppers: Vietnamese (vi-VN), polite register (Quý khách).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# "Quý khách" addresses the shopper politely without gender; $agent is
# introduced as "nhân viên", which is gender-neutral.
# Language names include "tiếng" (tiếng Anh) and follow "bằng", "từ" or "biết".
# Plurals: Vietnamese has only the "other" category, so no plural selector;
# handoff-requested keeps the exact [1] variant.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] tiếng Anh
        [zh] tiếng Trung
        [es] tiếng Tây Ban Nha
        [de] tiếng Đức
        [fr] tiếng Pháp
        [ja] tiếng Nhật
        [pt] tiếng Bồ Đào Nha
        [it] tiếng Ý
        [nl] tiếng Hà Lan
        [ru] tiếng Nga
        [ko] tiếng Hàn
        [ar] tiếng Ả Rập
        [cs] tiếng Séc
        [da] tiếng Đan Mạch
        [el] tiếng Hy Lạp
        [fa] tiếng Ba Tư
        [fi] tiếng Phần Lan
        [he] tiếng Do Thái
        [hi] tiếng Hindi
        [hu] tiếng Hungary
        [id] tiếng Indonesia
        [ms] tiếng Mã Lai
        [nb] tiếng Na Uy
        [pl] tiếng Ba Lan
        [ro] tiếng Romania
        [sk] tiếng Slovakia
        [sv] tiếng Thụy Điển
        [th] tiếng Thái
        [tr] tiếng Thổ Nhĩ Kỳ
        [uk] tiếng Ukraina
        [vi] tiếng Việt
       *[other] ngôn ngữ của Quý khách
    }

greeting = Xin chào! Quý khách đang trò chuyện với bộ phận chăm sóc khách hàng của chúng tôi. Quý khách có thể viết bằng ngôn ngữ của mình, chúng tôi sẽ trả lời bằng chính ngôn ngữ đó.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Từ bây giờ, chúng tôi sẽ trả lời Quý khách bằng { $language }.

machine-translation-note = Câu trả lời này được dịch tự động từ { $language }.

no-translation-fallback = Chúng tôi không thể tự động dịch tin nhắn của Quý khách. Một nhân viên biết { $language } sẽ trả lời Quý khách tại đây.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Tin nhắn này do một nhân viên của chúng tôi viết bằng { $language }. Chúng tôi không thể tự động dịch tin nhắn này.

handoff-requested = Chúng tôi đang chuyển cuộc trò chuyện của Quý khách đến nhân viên hỗ trợ. { $position ->
        [1] Quý khách là người tiếp theo trong hàng chờ.
       *[other] Quý khách đang ở vị trí thứ { $position } trong hàng chờ.
    }

bot-unavailable = Trợ lý tự động của chúng tôi hiện không hoạt động. Tin nhắn Quý khách gửi lúc { $time } đã được lưu lại và nhân viên của chúng tôi sẽ trả lời Quý khách tại đây.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Nhân viên của chúng tôi sẽ tiếp nhận cuộc trò chuyện này trong giây lát.

queued-until = Đội ngũ của chúng tôi sẽ làm việc trở lại vào { $opens } (theo giờ địa phương của Quý khách). Chúng tôi sẽ trả lời Quý khách tại đây ngay khi có nhân viên sẵn sàng.

queued-no-opening = Hiện tại đội ngũ của chúng tôi chưa thể hỗ trợ. Chúng tôi sẽ trả lời Quý khách tại đây ngay khi có nhân viên sẵn sàng.

wait-estimate = Thời gian chờ dự kiến: { $min }–{ $max } phút.

wait-unknown = Hiện chúng tôi chưa thể ước tính thời gian chờ.

handoff-soothing = Chúng tôi rất tiếc về sự việc này. Nhân viên của chúng tôi sẽ ưu tiên xử lý cho Quý khách.

agent-joined = Nhân viên { $agent } đã tham gia cuộc trò chuyện.

message-to-agent = Tin nhắn của Quý khách đã được chuyển đến nhân viên { $agent }.

conversation-closed = Cuộc trò chuyện đã kết thúc. Cảm ơn Quý khách đã liên hệ với chúng tôi.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Quý khách đánh giá cuộc trò chuyện này thế nào, từ 1 (kém) đến 5 (xuất sắc)?
rating-thanks = Cảm ơn Quý khách đã đánh giá.
