# The shopper's chat's own words (/chat): what the page shows around
# the conversation's texts. Plain messages: the page composes numbers
# around them.
title = Customer service
send = Send
message = Your message
shopper = You
bot = Assistant
agent = Agent
system = Notice
joined = Agent joined
original = Show original
hide = Hide original
translated = Machine-translated
sending = Sending…
line = Your place in line:
opens = Opens:
failed = Could not send:
end-chat = End chat
ended = The chat has ended.
rating-legend = How would you rate this conversation?
score-1 = 1 – Poor
score-2 = 2 – Fair
score-3 = 3 – Good
score-4 = 4 – Very good
score-5 = 5 – Excellent
rating-send = Send rating
rating-failed = Could not send the rating:
rating-thanks = Thank you for your rating.
connecting = Connecting…
