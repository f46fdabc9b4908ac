# crossdesk's own messages to shoppers: Hindi (hi-IN), polite register (आप).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).
#
# Hindi verbs agree with the subject's gender, so the shopper and $agent are
# never the subject of a gendered verb form: imperatives, passives and
# "शामिल हैं" instead.
# Language names are bare (अंग्रेज़ी), followed by में, से or जानने वाला in the
# messages; the fallback "आपकी भाषा" fits the same slots.
# Plurals: nouns after numbers do not change (5 मिनट), so no plural selector.

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] अंग्रेज़ी
        [zh] चीनी
        [es] स्पेनिश
        [de] जर्मन
        [fr] फ़्रेंच
        [ja] जापानी
        [pt] पुर्तगाली
        [it] इतालवी
        [nl] डच
        [ru] रूसी
        [ko] कोरियाई
        [ar] अरबी
        [cs] चेक
        [da] डेनिश
        [el] यूनानी
        [fa] फ़ारसी
        [fi] फ़िनिश
        [he] हिब्रू
        [hi] हिन्दी
        [hu] हंगेरियाई
        [id] इंडोनेशियाई
        [ms] मलय
        [nb] नॉर्वेजियाई
        [pl] पोलिश
        [ro] रोमानियाई
        [sk] स्लोवाक
        [sv] स्वीडिश
        [th] थाई
        [tr] तुर्की
        [uk] यूक्रेनियाई
        [vi] वियतनामी
       *[other] आपकी भाषा
    }

greeting = नमस्ते! यह हमारी ग्राहक सेवा की चैट है। अपनी भाषा में लिखें, हम उसी भाषा में आपको जवाब देंगे।

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = अब से हम आपको { $language } में जवाब देंगे।

machine-translation-note = इस जवाब का { $language } से अपने-आप अनुवाद किया गया है।

no-translation-fallback = हम आपके संदेश का अपने-आप अनुवाद नहीं कर सके। { $language } जानने वाला हमारी टीम का कोई सदस्य यहीं आपको जवाब देगा।

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = यह संदेश हमारी टीम के एक सदस्य ने { $language } में लिखा है। हम इसका अपने-आप अनुवाद नहीं कर सके।

handoff-requested = हम आपकी बातचीत अपनी टीम के एक सदस्य को सौंप रहे हैं। { $position ->
        [1] कतार में अगली बारी आपकी है।
       *[other] कतार में आपका स्थान: { $position }।
    }

bot-unavailable = हमारा सहायक अभी उपलब्ध नहीं है। { $time } बजे भेजा गया आपका संदेश सहेज लिया गया है, और हमारी टीम का एक सदस्य यहीं आपको जवाब देगा।

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = हमारी टीम का एक सदस्य जल्द ही यह बातचीत आगे संभालेगा।

queued-until = हमारी टीम { $opens } (आपके स्थानीय समय के अनुसार) से फिर उपलब्ध होगी। जैसे ही कोई उपलब्ध होगा, हम यहीं आपको जवाब देंगे।

queued-no-opening = हमारी टीम इस समय उपलब्ध नहीं है। जैसे ही कोई उपलब्ध होगा, हम यहीं आपको जवाब देंगे।

wait-estimate = अनुमानित प्रतीक्षा समय: { $min }–{ $max } मिनट।

wait-unknown = हम अभी प्रतीक्षा समय का अनुमान नहीं लगा सकते।

handoff-soothing = इसके लिए हमें खेद है। हमारी टीम का एक सदस्य प्राथमिकता से इस पर ध्यान देगा।

agent-joined = हमारी टीम से { $agent } अब इस बातचीत में शामिल हैं।

message-to-agent = आपका संदेश { $agent } को भेज दिया गया है।

conversation-closed = यह बातचीत समाप्त हो गई है। हमसे संपर्क करने के लिए धन्यवाद।
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = कृपया इस बातचीत को 1 (खराब) से 5 (बेहतरीन) के बीच रेटिंग दें।
rating-thanks = रेटिंग देने के लिए धन्यवाद।
