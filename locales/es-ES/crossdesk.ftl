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
       *[other] su idioma
    }

greeting = ¡Hola! Está hablando con nuestro servicio de atención al cliente. Escríbanos en su propio idioma y le responderemos en ese mismo idioma.

machine-translation-note = Esta respuesta se ha traducido automáticamente (idioma original: { $language }).

no-translation-fallback = No hemos podido traducir su mensaje automáticamente. Un miembro de nuestro equipo que hable { $language } le responderá aquí.

handoff-requested = Estamos transfiriendo su conversación a un miembro de nuestro equipo. { $position ->
        [1] Ocupa el primer puesto en la cola.
       *[other] Ocupa el puesto { $position } en la cola.
    }

bot-unavailable = Nuestro asistente no está disponible en este momento. Hemos guardado su mensaje enviado a las { $time } y un miembro de nuestro equipo le responderá aquí.
