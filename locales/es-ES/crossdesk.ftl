# crossdesk's own messages to shoppers: Spanish (es-ES), formal register (usted).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] inglés
        [zh] chino
        [es] español
        [de] alemán
        [fr] francés
        [ja] japonés
        [pt] portugués
        [it] italiano
        [nl] neerlandés
        [ru] ruso
        [ko] coreano
        [ar] árabe
        [cs] checo
        [da] danés
        [el] griego
        [fa] persa
        [fi] finés
        [he] hebreo
        [hi] hindi
        [hu] húngaro
        [id] indonesio
        [ms] malayo
        [nb] noruego
        [pl] polaco
        [ro] rumano
        [sk] eslovaco
        [sv] sueco
        [th] tailandés
        [tr] turco
        [uk] ucraniano
        [vi] vietnamita
       *[other] su idioma
    }

greeting = ¡Hola! Está hablando con nuestro servicio de atención al cliente. Escríbanos en su propio idioma y le responderemos en ese mismo idioma.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = A partir de ahora le responderemos en { $language }.

machine-translation-note = Esta respuesta se ha traducido automáticamente (idioma original: { $language }).

no-translation-fallback = No hemos podido traducir su mensaje automáticamente. Un miembro de nuestro equipo que hable { $language } le responderá aquí.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = Un miembro de nuestro equipo ha escrito este mensaje en { $language }. No hemos podido traducirlo automáticamente.

handoff-requested = Estamos transfiriendo su conversación a un miembro de nuestro equipo. { $position ->
        [1] Ocupa el primer puesto en la cola.
       *[other] Ocupa el puesto { $position } en la cola.
    }

bot-unavailable = Nuestro asistente no está disponible en este momento. Hemos guardado su mensaje enviado a las { $time } y un miembro de nuestro equipo le responderá aquí.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = En breve, un miembro de nuestro equipo se hará cargo de esta conversación.

queued-until = Nuestro equipo volverá a estar disponible el { $opens } (su hora local). Le responderemos aquí en cuanto haya alguien disponible.

queued-no-opening = En este momento nuestro equipo no está disponible. Le responderemos aquí en cuanto haya alguien disponible.

wait-estimate = Tiempo de espera estimado: { $min }–{ $max } { $max ->
        [one] minuto
       *[other] minutos
    }.

wait-unknown = Todavía no podemos estimar el tiempo de espera.

handoff-soothing = Lamentamos lo ocurrido. Un miembro de nuestro equipo se ocupará de ello con prioridad.

agent-joined = { $agent }, de nuestro equipo, se ha unido a la conversación.

message-to-agent = Hemos transferido su mensaje a { $agent }.

conversation-closed = Esta conversación se ha cerrado. Gracias por ponerse en contacto con nosotros.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = ¿Cómo valoraría esta conversación, de 1 (mala) a 5 (excelente)?
rating-thanks = Gracias por su valoración.
