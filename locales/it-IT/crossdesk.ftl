# crossdesk's own messages to shoppers: Italian (it-IT), formal register (Lei).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] inglese
        [zh] cinese
        [es] spagnolo
        [de] tedesco
        [fr] francese
        [ja] giapponese
        [pt] portoghese
        [it] italiano
        [nl] olandese
        [ru] russo
        [ko] coreano
        [ar] arabo
        [cs] ceco
        [da] danese
        [el] greco
        [fa] persiano
        [fi] finlandese
        [he] ebraico
        [hi] hindi
        [hu] ungherese
        [id] indonesiano
        [ms] malese
        [nb] norvegese
        [pl] polacco
        [ro] rumeno
        [sk] slovacco
        [sv] svedese
        [th] thailandese
        [tr] turco
        [uk] ucraino
        [vi] vietnamita
       *[other] la Sua lingua
    }

greeting = Buongiorno! Sta parlando con il nostro servizio clienti. Ci scriva pure nella Sua lingua: Le risponderemo nella stessa lingua.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = D'ora in poi Le risponderemo in { $language }.

machine-translation-note = Questa risposta è stata tradotta automaticamente (lingua originale: { $language }).

no-translation-fallback = Non siamo riusciti a tradurre automaticamente il Suo messaggio. Un membro del nostro team che parla { $language } Le risponderà qui.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Un membro del nostro team ha scritto questo messaggio in { $language }. Non siamo riusciti a tradurlo automaticamente.

handoff-requested = Stiamo trasferendo la Sua conversazione a un membro del nostro team. { $position ->
        [1] Il prossimo turno è il Suo.
       *[other] Si trova in posizione { $position } nella coda.
    }

bot-unavailable = Il nostro assistente non è al momento disponibile. Il Suo messaggio delle { $time } è stato salvato e un membro del nostro team Le risponderà qui.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = A breve un membro del nostro team prenderà in carico questa conversazione.

queued-until = Il nostro team sarà di nuovo disponibile il giorno { $opens } (nel Suo fuso orario). Le risponderemo qui non appena qualcuno sarà disponibile.

queued-no-opening = Al momento il nostro team non è disponibile. Le risponderemo qui non appena qualcuno sarà disponibile.

wait-estimate = Attesa stimata: { $min }–{ $max } { $max ->
        [one] minuto
       *[other] minuti
    }.

wait-unknown = Non siamo ancora in grado di stimare il tempo di attesa.

handoff-soothing = Ci scusiamo per l'inconveniente. Un membro del nostro team se ne occuperà con priorità.

agent-joined = { $agent } del nostro team partecipa ora alla conversazione.

message-to-agent = { $agent } ha ricevuto il Suo messaggio.

conversation-closed = Questa conversazione è stata chiusa. La ringraziamo per averci contattato.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = Come valuterebbe questa conversazione, da 1 (scarsa) a 5 (eccellente)?
rating-thanks = Grazie per la sua valutazione.
