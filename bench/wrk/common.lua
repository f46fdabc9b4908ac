-- Shared by proxy.lua and bare.lua: the shopper texts, the optional pacing
-- (RATE messages/s over all connections, from the environment) and the
-- report wrk prints at the end, one JSON line the script reads.

texts = {
  "Where is my order #48213?",
  "¿Dónde está mi pedido?",
  "Wo ist meine Bestellung?",
  "Où est ma commande ?",
  "我的订单在哪里？",
  "注文した商品はいつ届きますか？",
  "I want to return the shoes I bought last week",
  "Quiero devolver mi pedido",
  "Can I change the delivery address?",
  "How long does a refund take?",
}

-- The conversations opened beforehand (file CONVS: "id token" per line).
function load_convs()
  local convs = {}
  for line in io.lines(os.getenv("CONVS")) do
    local id, token = line:match("^(%S+)%s+(%S+)$")
    if id then convs[#convs + 1] = { id = id, token = token } end
  end
  return convs
end

function json_escape(s)
  return (s:gsub('\\', '\\\\'):gsub('"', '\\"'))
end

local rate = tonumber(os.getenv("RATE") or "0")
local conns = tonumber(os.getenv("CONNS") or "1")

if rate > 0 then
  -- Each connection waits its share: conns / rate seconds per request.
  -- (Not defined at all for the unpaced runs: a zero delay still costs a
  -- timer per request.)
  function delay()
    return math.floor(conns * 1000 / rate)
  end
end

function done(summary, latency, requests)
  local secs = summary.duration / 1e6
  local bad = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "rps": %.0f, "p50_us": %d, "p99_us": %d, "p999_us": %d, "max_us": %d, "errors": %d}\n',
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max, bad))
end
