-- Shoppers waiting for an agent's reply: each request long-polls a
-- conversation's messages after a seq that will not come (wait=30), round
-- robin over the conversations in CONVS ("id token" per line).
dofile(os.getenv("LUA_DIR") .. "/common.lua")

local convs = load_convs()

local n = 0
function request()
  n = n + 1
  local c = convs[n % #convs + 1]
  return wrk.format("GET", "/v1/conversations/" .. c.id .. "/messages?after=100000&wait=30",
    { ["Authorization"] = "Bearer " .. c.token })
end
