# crossdesk's own messages to shoppers: Ukrainian (uk-UA), formal register (Ви).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Ukrainian past tense agrees with the subject's gender, so no message makes
# the shopper or $agent the subject of a past-tense verb.
# Language names are in the instrumental (англійською, івритом, мовою гінді),
# which fits every use of { $language }: "відповідатимемо англійською",
# "володіє англійською", "написано англійською"; the fallback is "Вашою мовою".
# Plurals: one (1, 21, …), few (2–4, 22–24, …), many (0, 5–20, …), other (decimals).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] англійською
        [zh] китайською
        [es] іспанською
        [de] німецькою
        [fr] французькою
        [ja] японською
        [pt] португальською
        [it] італійською
        [nl] нідерландською
        [ru] російською
        [ko] корейською
        [ar] арабською
        [cs] чеською
        [da] данською
        [el] грецькою
        [fa] перською
        [fi] фінською
        [he] івритом
        [hi] мовою гінді
        [hu] угорською
        [id] індонезійською
        [ms] малайською
        [nb] норвезькою
        [pl] польською
        [ro] румунською
        [sk] словацькою
        [sv] шведською
        [th] тайською
        [tr] турецькою
        [uk] українською
        [vi] в’єтнамською
       *[other] Вашою мовою
    }

greeting = Вітаємо! Ви спілкуєтеся з нашою службою підтримки клієнтів. Пишіть нам своєю мовою — ми відповімо Вам тією самою мовою.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Відтепер ми відповідатимемо Вам { $language }.

machine-translation-note = Цю відповідь написано { $language } й перекладено автоматично.

no-translation-fallback = Нам не вдалося автоматично перекласти Ваше повідомлення. Вам тут відповість хтось із нашої команди, хто володіє { $language }.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Це повідомлення від співробітника нашої команди написано { $language }. Нам не вдалося перекласти його автоматично.

handoff-requested = Ми передаємо Ваш чат співробітникові нашої команди. { $position ->
        [1] Ваша черга — наступна.
       *[other] Ваш номер у черзі: { $position }.
    }

bot-unavailable = Наш асистент зараз недоступний. Ваше повідомлення, надіслане о { $time }, збережено, і співробітник нашої команди відповість Вам тут.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Незабаром цю розмову продовжить співробітник нашої команди.

queued-until = Наша команда знову буде на зв’язку { $opens } (за Вашим місцевим часом). Ми відповімо Вам тут, щойно хтось із співробітників звільниться.

queued-no-opening = Зараз наша команда недоступна. Ми відповімо Вам тут, щойно хтось із співробітників звільниться.

wait-estimate = Орієнтовний час очікування: { $min }–{ $max } { $max ->
        [one] хвилина
        [few] хвилини
        [many] хвилин
       *[other] хвилини
    }.

wait-unknown = Поки що ми не можемо оцінити час очікування.

handoff-soothing = Перепрошуємо за незручності. Співробітник нашої команди займеться цим у пріоритетному порядку.

agent-joined = До чату приєднується { $agent } з нашої команди.

message-to-agent = Ваше повідомлення передано: його отримає { $agent }.

conversation-closed = Цей чат завершено. Дякуємо за звернення.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Оцініть, будь ласка, цю розмову від 1 (погано) до 5 (чудово).
rating-thanks = Дякуємо за Вашу оцінку.
