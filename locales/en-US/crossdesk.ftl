# crossdesk's own messages to shoppers (en-US is the reference locale:
# every other locale must define every id defined here).
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] English
        [zh] Chinese
        [es] Spanish
        [de] German
        [fr] French
        [ja] Japanese
        [pt] Portuguese
        [it] Italian
        [nl] Dutch
        [ru] Russian
        [ko] Korean
       *[other] your language
    }

greeting = Hello! You are chatting with our customer service. Write in your own language and we will answer in it.

machine-translation-note = This answer was translated automatically from { $language }.

no-translation-fallback = We could not translate your message automatically. A member of our team who speaks { $language } will answer you here.

handoff-requested = We are passing your conversation to a member of our team. { $position ->
        [1] You are next in line.
       *[other] You are number { $position } in line.
    }

bot-unavailable = Our assistant is not available right now. Your message from { $time } has been saved, and a member of our team will answer you here.
