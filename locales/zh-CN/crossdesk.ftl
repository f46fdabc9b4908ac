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
        [ar] 阿拉伯语
        [cs] 捷克语
        [da] 丹麦语
        [el] 希腊语
        [fa] 波斯语
        [fi] 芬兰语
        [he] 希伯来语
        [hi] 印地语
        [hu] 匈牙利语
        [id] 印度尼西亚语
        [ms] 马来语
        [nb] 挪威语
        [pl] 波兰语
        [ro] 罗马尼亚语
        [sk] 斯洛伐克语
        [sv] 瑞典语
        [th] 泰语
        [tr] 土耳其语
        [uk] 乌克兰语
        [vi] 越南语
       *[other] 您的语言
    }

greeting = 您好！您正在与我们的客服对话。请使用您自己的语言留言，我们将用同一种语言回复您。

# A shopper asked for another language ("English please"); $language is that language's name.
language-switched = 从现在起，我们将使用{ $language }回复您。

machine-translation-note = 此回复已从{ $language }自动翻译。

no-translation-fallback = 很抱歉，我们无法自动翻译您的消息。我们团队中会说{ $language }的工作人员将在此回复您。

# An agent's reply that no engine could translate; $language is the language it is written in.
agent-untranslated-note = 这条消息由我们的团队成员用{ $language }撰写。很抱歉，我们无法将其自动翻译。

handoff-requested = 我们正在将您的对话转接给团队成员。{ $position ->
        [1] 下一位就是您。
       *[other] 您目前排在第 { $position } 位。
    }

bot-unavailable = 我们的智能助手目前无法使用。您在 { $time } 发送的消息已保存，我们的团队成员将在此回复您。

## Routing: what happens next, in the shopper's language and time zone.
## $opens is a date and time already formatted for the locale and the
## shopper's zone; $min and $max are whole minutes; $agent is a first name.

routed-to-pool = 我们的团队成员稍后将接手此对话，继续为您服务。

queued-until = 我们的团队将于 { $opens }（您的当地时间）恢复服务。一有工作人员空闲，我们就会在此回复您。

queued-no-opening = 我们的团队目前暂时无法为您服务。一有工作人员空闲，我们就会在此回复您。

wait-estimate = 预计等待时间：{ $min } 至 { $max } 分钟。

wait-unknown = 目前暂时无法估计等待时间。

handoff-soothing = 对此我们深表歉意。我们的团队成员将优先为您处理。

agent-joined = 我们团队的{ $agent }已加入对话。

message-to-agent = 您的消息已转交给{ $agent }。

conversation-closed = 本次对话已结束。感谢您联系我们。
# After a conversation closes: the satisfaction question and the thanks.
rating-prompt = 请为本次服务评分：1（不满意）到 5（非常满意）。
rating-thanks = 感谢您的评价。
