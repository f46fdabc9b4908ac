-- The same texts to the built-in bot alone (`crossdesk bare-bot`).
dofile(os.getenv("LUA_DIR") .. "/common.lua")

local n = 0
function request()
  n = n + 1
  return wrk.format("POST", "/answer", { ["Content-Type"] = "application/json" },
    '{"text": "' .. json_escape(texts[n % #texts + 1]) .. '"}')
end
