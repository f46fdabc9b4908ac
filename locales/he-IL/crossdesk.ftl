# crossdesk's own messages to shoppers: Hebrew (he-IL), polite register (plural אתם).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# The shopper is addressed in the plural (אתם, לכם), the usual gender-neutral
# form in Hebrew customer service; $agent never takes a gendered verb or
# adjective (agent-joined is a verbless sentence).
# Language names are bare nouns (אנגלית); the prefixes ב and מ are written in
# the messages, attached to the name (באנגלית, מאנגלית), and the fallback
# שפתכם fits them too.
# Right-to-left: no bidi control characters. Ranges are written "X עד Y"
# rather than with a dash, which the bidi algorithm would show reversed, and
# no message starts with a placeable, so a Latin-script $agent cannot turn
# the paragraph left-to-right.
# Plurals: one, two, other.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] אנגלית
        [zh] סינית
        [es] ספרדית
        [de] גרמנית
        [fr] צרפתית
        [ja] יפנית
        [pt] פורטוגזית
        [it] איטלקית
        [nl] הולנדית
        [ru] רוסית
        [ko] קוריאנית
        [ar] ערבית
        [cs] צ׳כית
        [da] דנית
        [el] יוונית
        [fa] פרסית
        [fi] פינית
        [he] עברית
        [hi] הינדי
        [hu] הונגרית
        [id] אינדונזית
        [ms] מלאית
        [nb] נורווגית
        [pl] פולנית
        [ro] רומנית
        [sk] סלובקית
        [sv] שוודית
        [th] תאית
        [tr] טורקית
        [uk] אוקראינית
        [vi] וייטנאמית
       *[other] שפתכם
    }

greeting = שלום! הגעתם לשירות הלקוחות שלנו. אפשר לכתוב לנו בשפה שלכם, ונשיב לכם באותה שפה.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = מעכשיו נשיב לכם ב{ $language }.

machine-translation-note = תשובה זו תורגמה באופן אוטומטי מ{ $language }.

no-translation-fallback = לא הצלחנו לתרגם את ההודעה שלכם באופן אוטומטי. אחד מאנשי הצוות שלנו שדובר { $language } ישיב לכם כאן.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = ההודעה הזו נכתבה ב{ $language } על ידי אחד מאנשי הצוות שלנו. לא הצלחנו לתרגם אותה באופן אוטומטי.

handoff-requested = אנחנו מעבירים את השיחה שלכם לאחד מאנשי הצוות שלנו. { $position ->
        [1] אתם הבאים בתור.
       *[other] מקומכם בתור: { $position }.
    }

bot-unavailable = העוזר הדיגיטלי שלנו אינו זמין כרגע. ההודעה ששלחתם בשעה { $time } נשמרה, ואחד מאנשי הצוות שלנו ישיב לכם כאן.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = בעוד רגע קט אחד מאנשי הצוות שלנו ימשיך את השיחה.

queued-until = הצוות שלנו יחזור לפעילות ב־{ $opens } (לפי השעה המקומית שלכם). נשיב לכם כאן ברגע שמישהו מהצוות יתפנה.

queued-no-opening = הצוות שלנו אינו זמין כרגע. נשיב לכם כאן ברגע שמישהו מהצוות יתפנה.

wait-estimate = זמן ההמתנה המשוער: { $min } עד { $max } { $max ->
        [one] דקה
        [two] דקות
       *[other] דקות
    }.

wait-unknown = עדיין איננו יכולים להעריך את זמן ההמתנה.

handoff-soothing = אנחנו מצטערים על כך. אחד מאנשי הצוות שלנו יטפל בנושא בעדיפות גבוהה.

agent-joined = מעכשיו איתכם בשיחה: { $agent } מהצוות שלנו.

message-to-agent = ההודעה שלכם הועברה אל { $agent }.

conversation-closed = השיחה הסתיימה. תודה שפניתם אלינו.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = איך הייתם מדרגים את השיחה, מ־1 (גרועה) עד 5 (מצוינת)?
rating-thanks = תודה על הדירוג שלכם.
