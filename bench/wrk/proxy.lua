-- Shopper messages through crossdesk's full path, round-robin over the
-- conversations opened beforehand (file CONVS: "id token" per line).
dofile(os.getenv("LUA_DIR") .. "/common.lua")

local convs = load_convs()

local n = 0
function setup(thread)
  thread:set("offset", math.random(1, #convs))
end

function request()
  n = n + 1
  local c = convs[(n + (offset or 0)) % #convs + 1]
  local text = texts[n % #texts + 1]
  return wrk.format("POST", "/v1/conversations/" .. c.id .. "/messages",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. c.token },
    '{"text": "' .. json_escape(text) .. '"}')
end
