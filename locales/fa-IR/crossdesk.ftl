# crossdesk's own messages to shoppers: Persian (fa-IR), formal register (شما).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Persian has no grammatical gender, so the shopper and $agent need no
# special phrasing.
# Language names are bare (انگلیسی), used after به and از; the fallback is
# "زبان شما".
# Right-to-left: no bidi control characters. Ranges are written "X تا Y",
# the usual Persian form, rather than with a dash, which the bidi algorithm
# would show reversed; no message starts with a placeable, so a Latin-script
# $agent cannot turn the paragraph left-to-right. The zero-width non-joiners
# (U+200C) in words such as می‌دهیم are ordinary Persian spelling, not bidi
# marks.
# Plurals: nouns after numbers stay singular (۵ دقیقه), so no plural selector.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] انگلیسی
        [zh] چینی
        [es] اسپانیایی
        [de] آلمانی
        [fr] فرانسوی
        [ja] ژاپنی
        [pt] پرتغالی
        [it] ایتالیایی
        [nl] هلندی
        [ru] روسی
        [ko] کره‌ای
        [ar] عربی
        [cs] چکی
        [da] دانمارکی
        [el] یونانی
        [fa] فارسی
        [fi] فنلاندی
        [he] عبری
        [hi] هندی
        [hu] مجاری
        [id] اندونزیایی
        [ms] مالایی
        [nb] نروژی
        [pl] لهستانی
        [ro] رومانیایی
        [sk] اسلواکی
        [sv] سوئدی
        [th] تایلندی
        [tr] ترکی
        [uk] اوکراینی
        [vi] ویتنامی
       *[other] زبان شما
    }

greeting = سلام! شما با خدمات مشتریان ما در ارتباط هستید. به زبان خودتان بنویسید تا به همان زبان به شما پاسخ دهیم.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = از این پس به { $language } به شما پاسخ می‌دهیم.

machine-translation-note = این پاسخ به‌طور خودکار از { $language } ترجمه شده است.

no-translation-fallback = متأسفانه نتوانستیم پیام شما را به‌طور خودکار ترجمه کنیم. یکی از کارشناسان ما که به { $language } مسلط است، همین‌جا به شما پاسخ خواهد داد.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = این پیام را یکی از کارشناسان ما به { $language } نوشته است. نتوانستیم آن را به‌طور خودکار ترجمه کنیم.

handoff-requested = گفتگوی شما را به یکی از کارشناسان ما منتقل می‌کنیم. { $position ->
        [1] نوبت بعدی با شماست.
       *[other] جایگاه شما در صف: { $position }.
    }

bot-unavailable = دستیار ما در حال حاضر در دسترس نیست. پیامی که ساعت { $time } فرستادید ذخیره شد و یکی از کارشناسان ما همین‌جا به شما پاسخ خواهد داد.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = به‌زودی یکی از کارشناسان ما این گفتگو را ادامه می‌دهد.

queued-until = تیم ما از { $opens } (به وقت محلی شما) دوباره پاسخگو خواهد بود. به محض اینکه یکی از کارشناسان آزاد شود، همین‌جا به شما پاسخ می‌دهیم.

queued-no-opening = تیم ما در حال حاضر در دسترس نیست. به محض اینکه یکی از کارشناسان آزاد شود، همین‌جا به شما پاسخ می‌دهیم.

wait-estimate = زمان تقریبی انتظار: { $min } تا { $max } دقیقه.

wait-unknown = هنوز نمی‌توانیم زمان انتظار را تخمین بزنیم.

handoff-soothing = از این بابت پوزش می‌خواهیم. یکی از کارشناسان ما با اولویت به این موضوع رسیدگی می‌کند.

agent-joined = کارشناس ما، { $agent }، به گفتگو پیوست.

message-to-agent = پیام شما برای { $agent } ارسال شد.

conversation-closed = این گفتگو بسته شد. از اینکه با ما تماس گرفتید سپاسگزاریم.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = به این گفتگو از 1 (ضعیف) تا 5 (عالی) چه امتیازی می‌دهید؟
rating-thanks = از امتیاز شما سپاسگزاریم.
