# crossdesk's own messages to shoppers: Polish (pl-PL), formal register (Państwo).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# The shopper is addressed as "Państwo" (third person plural), the usual
# gender-neutral polite form; no message makes the shopper or $agent the
# subject of a past-tense verb, which would show gender.
# Language names are in the locative/instrumental (angielskim, hindi), the
# form after "w języku" and "językiem"; the fallback "Państwa" reads
# "w języku Państwa".
# Plurals: one (1), few (2–4, 22–24, …), many (0, 5–21, …), other (decimals).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] angielskim
        [zh] chińskim
        [es] hiszpańskim
        [de] niemieckim
        [fr] francuskim
        [ja] japońskim
        [pt] portugalskim
        [it] włoskim
        [nl] niderlandzkim
        [ru] rosyjskim
        [ko] koreańskim
        [ar] arabskim
        [cs] czeskim
        [da] duńskim
        [el] greckim
        [fa] perskim
        [fi] fińskim
        [he] hebrajskim
        [hi] hindi
        [hu] węgierskim
        [id] indonezyjskim
        [ms] malajskim
        [nb] norweskim
        [pl] polskim
        [ro] rumuńskim
        [sk] słowackim
        [sv] szwedzkim
        [th] tajskim
        [tr] tureckim
        [uk] ukraińskim
        [vi] wietnamskim
       *[other] Państwa
    }

greeting = Dzień dobry! Rozmawiają Państwo z naszym działem obsługi klienta. Mogą Państwo pisać do nas we własnym języku – odpowiemy w tym samym języku.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Od teraz będziemy odpowiadać Państwu w języku { $language }.

machine-translation-note = Ta odpowiedź została napisana w języku { $language } i przetłumaczona automatycznie.

no-translation-fallback = Nie udało nam się automatycznie przetłumaczyć Państwa wiadomości. Odpowie tu Państwu osoba z naszego zespołu, która posługuje się językiem { $language }.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Ta wiadomość od członka naszego zespołu została napisana w języku { $language }. Nie udało nam się przetłumaczyć jej automatycznie.

handoff-requested = Przekazujemy Państwa rozmowę członkowi naszego zespołu. { $position ->
        [1] Są Państwo następni w kolejce.
       *[other] Państwa miejsce w kolejce: { $position }.
    }

bot-unavailable = Nasz asystent jest obecnie niedostępny. Państwa wiadomość wysłana o { $time } została zapisana, a członek naszego zespołu odpowie tu Państwu.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Za chwilę tę rozmowę przejmie członek naszego zespołu.

queued-until = Nasz zespół będzie ponownie dostępny od { $opens } (według Państwa czasu lokalnego). Odpowiemy tutaj, gdy tylko ktoś będzie dostępny.

queued-no-opening = Nasz zespół jest w tej chwili niedostępny. Odpowiemy tutaj, gdy tylko ktoś będzie dostępny.

wait-estimate = Szacowany czas oczekiwania: { $min }–{ $max } { $max ->
        [one] minuta
        [few] minuty
        [many] minut
       *[other] minuty
    }.

wait-unknown = Nie możemy jeszcze oszacować czasu oczekiwania.

handoff-soothing = Bardzo nam przykro z tego powodu. Członek naszego zespołu zajmie się tą sprawą priorytetowo.

agent-joined = { $agent } z naszego zespołu dołącza do rozmowy.

message-to-agent = Przekazaliśmy Państwa wiadomość – zajmie się nią { $agent }.

conversation-closed = Ta rozmowa została zakończona. Dziękujemy za kontakt.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Prosimy ocenić tę rozmowę w skali od 1 (źle) do 5 (bardzo dobrze).
rating-thanks = Dziękujemy za Państwa ocenę.
