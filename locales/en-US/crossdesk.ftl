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
        [ar] Arabic
        [cs] Czech
        [da] Danish
        [el] Greek
        [fa] Persian
        [fi] Finnish
        [he] Hebrew
        [hi] Hindi
        [hu] Hungarian
        [id] Indonesian
        [ms] Malay
        [nb] Norwegian
        [pl] Polish
        [ro] Romanian
        [sk] Slovak
        [sv] Swedish
        [th] Thai
        [tr] Turkish
        [uk] Ukrainian
        [vi] Vietnamese
       *[other] your language
    }

greeting = Hello! You are chatting with our customer service. Write in your own language and we will answer in it.

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = From now on we will answer you in { $language }.

machine-translation-note = This answer was translated automatically from { $language }.

no-translation-fallback = We could not translate your message automatically. A member of our team who speaks { $language } will answer you here.

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = A member of our team wrote this in { $language }. We could not translate it automatically.

handoff-requested = We are passing your conversation to a member of our team. { $position ->
        [1] You are next in line.
       *[other] You are number { $position } in line.
    }

bot-unavailable = Our assistant is not available right now. Your message from { $time } has been saved, and a member of our team will answer you here.

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = A member of our team will take over this conversation shortly.

queued-until = Our team is back on { $opens } (your time). We will answer you here as soon as someone is available.

queued-no-opening = Our team is not available at the moment. We will answer you here as soon as someone is available.

wait-estimate = Estimated wait: { $min }–{ $max } { $max ->
        [one] minute
       *[other] minutes
    }.

wait-unknown = We cannot estimate the wait yet.

handoff-soothing = We are sorry about this. A member of our team will take care of it with priority.

agent-joined = { $agent } from our team has joined the conversation.

message-to-agent = Your message has been passed to { $agent }.

conversation-closed = This conversation has been closed. Thank you for contacting us.
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = How would you rate this conversation, from 1 (poor) to 5 (excellent)?
rating-thanks = Thank you for your rating.
