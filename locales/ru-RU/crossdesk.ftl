# crossdesk's own messages to shoppers: Russian (ru-RU), formal register (Вы).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Language names are in the nominative (английский, иврит, хинди): every
# message puts { $language } after a colon or in parentheses, so no other
# case is needed.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] английский
        [zh] китайский
        [es] испанский
        [de] немецкий
        [fr] французский
        [ja] японский
        [pt] португальский
        [it] итальянский
        [nl] нидерландский
        [ru] русский
        [ko] корейский
        [ar] арабский
        [cs] чешский
        [da] датский
        [el] греческий
        [fa] персидский
        [fi] финский
        [he] иврит
        [hi] хинди
        [hu] венгерский
        [id] индонезийский
        [ms] малайский
        [nb] норвежский
        [pl] польский
        [ro] румынский
        [sk] словацкий
        [sv] шведский
        [th] тайский
        [tr] турецкий
        [uk] украинский
        [vi] вьетнамский
       *[other] Ваш язык
    }

greeting = Здравствуйте! Вы общаетесь с нашей службой поддержки клиентов. Пишите нам на своём языке, и мы ответим Вам на нём же.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = С этого момента мы будем отвечать Вам на выбранном языке ({ $language }).

machine-translation-note = Этот ответ переведён автоматически (язык оригинала: { $language }).

no-translation-fallback = Нам не удалось автоматически перевести Ваше сообщение. Вам ответит здесь сотрудник нашей команды, владеющий нужным языком ({ $language }).

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Это сообщение от сотрудника нашей команды (язык: { $language }). Нам не удалось перевести его автоматически.

handoff-requested = Мы передаём Ваш чат сотруднику нашей команды. { $position ->
        [1] Ваша очередь — следующая.
       *[other] Ваш номер в очереди: { $position }.
    }

bot-unavailable = Наш ассистент сейчас недоступен. Ваше сообщение, отправленное в { $time }, сохранено, и сотрудник нашей команды ответит Вам здесь.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = В ближайшее время этот чат продолжит сотрудник нашей команды.

queued-until = Наша команда снова будет на связи { $opens } (по Вашему местному времени). Мы ответим Вам здесь, как только освободится один из сотрудников.

queued-no-opening = Сейчас наша команда недоступна. Мы ответим Вам здесь, как только освободится один из сотрудников.

wait-estimate = Примерное время ожидания: { $min }–{ $max } { $max ->
        [one] минута
        [few] минуты
        [many] минут
       *[other] минуты
    }.

wait-unknown = Пока мы не можем оценить время ожидания.

handoff-soothing = Приносим извинения за неудобства. Сотрудник нашей команды займётся этим в приоритетном порядке.

agent-joined = К чату присоединяется { $agent } из нашей команды.

message-to-agent = Ваше сообщение передано: его получит { $agent }.

conversation-closed = Этот чат завершён. Благодарим Вас за обращение.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Оцените, пожалуйста, этот разговор от 1 (плохо) до 5 (отлично).
rating-thanks = Спасибо за Вашу оценку.
