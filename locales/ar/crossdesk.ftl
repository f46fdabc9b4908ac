# crossdesk's own messages to shoppers: Modern Standard Arabic (ar), polite register.
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Phrasing avoids gendered verbs and adjectives for the shopper and for
# $agent (whose gender is unknown). Ranges are written "من … إلى …" rather
# than with a dash, which the bidi algorithm would show reversed in RTL.
#
# Language names are the definite forms (الإنجليزية), used bare after من, as
# an object, or as a predicate; none is preceded by a preposition such as بـ,
# so the fallback لغتك reads as well.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] الإنجليزية
        [zh] الصينية
        [es] الإسبانية
        [de] الألمانية
        [fr] الفرنسية
        [ja] اليابانية
        [pt] البرتغالية
        [it] الإيطالية
        [nl] الهولندية
        [ru] الروسية
        [ko] الكورية
        [ar] العربية
        [cs] التشيكية
        [da] الدنماركية
        [el] اليونانية
        [fa] الفارسية
        [fi] الفنلندية
        [he] العبرية
        [hi] الهندية
        [hu] المجرية
        [id] الإندونيسية
        [ms] الملايوية
        [nb] النرويجية
        [pl] البولندية
        [ro] الرومانية
        [sk] السلوفاكية
        [sv] السويدية
        [th] التايلاندية
        [tr] التركية
        [uk] الأوكرانية
        [vi] الفيتنامية
       *[other] لغتك
    }

greeting = مرحبًا بك! أنت الآن في محادثة مع خدمة العملاء لدينا. يمكنك الكتابة بلغتك، وسنرد عليك باللغة نفسها.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = سنستخدم { $language } في الرد عليك من الآن فصاعدًا.

machine-translation-note = تُرجمت هذه الإجابة آليًا من { $language }.

no-translation-fallback = لم نتمكن من ترجمة رسالتك آليًا. سيرد عليك هنا أحد أعضاء فريقنا ممن يتحدثون { $language }.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = هذه الرسالة من أحد أعضاء فريقنا، ولغتها { $language }. لم نتمكن من ترجمتها آليًا.

handoff-requested = نقوم الآن بتحويل محادثتك إلى أحد أعضاء فريقنا. { $position ->
        [1] دورك هو التالي في قائمة الانتظار.
        [zero] ترتيبك في قائمة الانتظار هو { $position }.
        [one] ترتيبك في قائمة الانتظار هو { $position }.
        [two] ترتيبك في قائمة الانتظار هو { $position }.
        [few] ترتيبك في قائمة الانتظار هو { $position }.
        [many] ترتيبك في قائمة الانتظار هو { $position }.
       *[other] ترتيبك في قائمة الانتظار هو { $position }.
    }

bot-unavailable = مساعدنا الآلي غير متاح حاليًا. لقد حفظنا رسالتك التي أرسلتها الساعة { $time }، وسيرد عليك هنا أحد أعضاء فريقنا.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = سيتولى أحد أعضاء فريقنا هذه المحادثة بعد قليل.

queued-until = سيعود فريقنا إلى العمل في { $opens } (بحسب توقيتك المحلي). سنرد عليك هنا فور توفر أحد أعضاء الفريق.

queued-no-opening = فريقنا غير متاح في الوقت الحالي. سنرد عليك هنا فور توفر أحد أعضاء الفريق.

wait-estimate = مدة الانتظار المقدّرة: من { $min } إلى { $max } { $max ->
        [zero] دقيقة
        [one] دقيقة
        [two] دقيقة
        [few] دقائق
        [many] دقيقة
       *[other] دقيقة
    }.

wait-unknown = لا يمكننا تقدير مدة الانتظار بعد.

handoff-soothing = نعتذر عن ذلك. سيتولى أحد أعضاء فريقنا متابعة هذا الأمر على وجه الأولوية.

agent-joined = تم انضمام { $agent } من فريقنا إلى المحادثة.

message-to-agent = تم تحويل رسالتك إلى { $agent }.

conversation-closed = تم إغلاق هذه المحادثة. شكرًا لتواصلك معنا.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = كيف تقيّم هذه المحادثة من 1 (سيئة) إلى 5 (ممتازة)؟
rating-thanks = شكرًا لتقييمك.
