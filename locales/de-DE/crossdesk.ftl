# crossdesk's own messages to shoppers: German (de-DE), formal register (Sie).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Language names are the uninflected nouns (Englisch, Hindi), which fit every
# use of { $language }: "Originalsprache: Englisch", "das Englisch spricht",
# "auf Englisch".

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] Englisch
        [zh] Chinesisch
        [es] Spanisch
        [de] Deutsch
        [fr] Französisch
        [ja] Japanisch
        [pt] Portugiesisch
        [it] Italienisch
        [nl] Niederländisch
        [ru] Russisch
        [ko] Koreanisch
        [ar] Arabisch
        [cs] Tschechisch
        [da] Dänisch
        [el] Griechisch
        [fa] Persisch
        [fi] Finnisch
        [he] Hebräisch
        [hi] Hindi
        [hu] Ungarisch
        [id] Indonesisch
        [ms] Malaiisch
        [nb] Norwegisch
        [pl] Polnisch
        [ro] Rumänisch
        [sk] Slowakisch
        [sv] Schwedisch
        [th] Thailändisch
        [tr] Türkisch
        [uk] Ukrainisch
        [vi] Vietnamesisch
       *[other] Ihre Sprache
    }

greeting = Guten Tag! Sie sind mit unserem Kundenservice verbunden. Schreiben Sie uns gerne in Ihrer eigenen Sprache – wir antworten Ihnen in derselben Sprache.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = Ab sofort antworten wir Ihnen auf { $language }.

machine-translation-note = Diese Antwort wurde automatisch übersetzt (Originalsprache: { $language }).

no-translation-fallback = Wir konnten Ihre Nachricht leider nicht automatisch übersetzen. Ein Mitglied unseres Teams, das { $language } spricht, wird Ihnen hier antworten.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Ein Mitglied unseres Teams hat diese Nachricht auf { $language } verfasst. Wir konnten sie leider nicht automatisch übersetzen.

handoff-requested = Wir leiten Ihr Gespräch an ein Mitglied unseres Teams weiter. { $position ->
        [1] Sie sind als Nächstes an der Reihe.
       *[other] Sie befinden sich an Position { $position } der Warteschlange.
    }

bot-unavailable = Unser Assistent ist derzeit nicht verfügbar. Ihre Nachricht von { $time } wurde gespeichert, und ein Mitglied unseres Teams wird Ihnen hier antworten.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = Ein Mitglied unseres Teams übernimmt dieses Gespräch in Kürze.

queued-until = Unser Team ist ab { $opens } (Ihre Ortszeit) wieder für Sie da. Wir antworten Ihnen hier, sobald jemand verfügbar ist.

queued-no-opening = Unser Team ist im Moment nicht erreichbar. Wir antworten Ihnen hier, sobald jemand verfügbar ist.

wait-estimate = Voraussichtliche Wartezeit: { $min }–{ $max } { $max ->
        [one] Minute
       *[other] Minuten
    }.

wait-unknown = Die Wartezeit können wir noch nicht abschätzen.

handoff-soothing = Das tut uns leid. Ein Mitglied unseres Teams kümmert sich vorrangig darum.

agent-joined = { $agent } aus unserem Team ist dem Gespräch beigetreten.

message-to-agent = Ihre Nachricht wurde an { $agent } weitergeleitet.

conversation-closed = Dieses Gespräch wurde beendet. Vielen Dank, dass Sie uns kontaktiert haben.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Wie bewerten Sie dieses Gespräch, von 1 (schlecht) bis 5 (ausgezeichnet)?
rating-thanks = Vielen Dank für Ihre Bewertung.
