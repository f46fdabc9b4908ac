# crossdesk's own messages to shoppers: Simplified Chinese (zh-CN), polite register (您).
# en-US is the reference locale: this file defines every id defined there.
#
# Variables arrive already formatted for the locale ($time, $language) or as
# numbers that Fluent formats ($position, $min, $max).

## Language names, used inside other messages as { $language }.
language-name =
    { $code ->
        [en] 英语
        [zh] 中文
        [es] 西班牙语
        [de] 德语
        [fr] 法语
        [ja] 日语
        [pt] 葡萄牙语
        [it] 意大利语
        [nl] 荷兰语
        [ru] 俄语
        [ko] 韩语
       *[other] 您的语言
    }

greeting = 您好！您正在与我们的客服对话。请使用您自己的语言留言，我们将用同一种语言回复您。

machine-translation-note = 此回复已从{ $language }自动翻译。

no-translation-fallback = 很抱歉，我们无法自动翻译您的消息。我们团队中会说{ $language }的工作人员将在此回复您。

handoff-requested = 我们正在将您的对话转接给团队成员。{ $position ->
        [1] 下一位就是您。
       *[other] 您目前排在第 { $position } 位。
    }

bot-unavailable = 我们的智能助手目前无法使用。您在 { $time } 发送的消息已保存，我们的团队成员将在此回复您。
