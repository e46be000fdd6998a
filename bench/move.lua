-- wrk script: move random cards of one board to random columns and positions.
--
-- Inputs come from the environment (set by bench/run.py):
--   BENCH_TOKEN       bearer access token
--   BENCH_CARD_IDS    comma-separated card ids of the board
--   BENCH_COLUMN_IDS  comma-separated column ids of the same board
--   BENCH_MAX_POS     largest position to ask for (past the end appends)
--
-- Responses that are not 2xx are tallied by status and printed by done() as
-- "status <code>: <count>" lines, next to wrk's own "Non-2xx or 3xx responses" line.

local function ids(name)
  local list = {}
  for id in string.gmatch(os.getenv(name) or "", "%d+") do
    list[#list + 1] = id
  end
  if #list == 0 then
    error(name .. " is empty")
  end
  return list
end

local cards = ids("BENCH_CARD_IDS")
local columns = ids("BENCH_COLUMN_IDS")
local max_pos = tonumber(os.getenv("BENCH_MAX_POS") or "60")
local headers = {
  ["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or ""),
  ["Content-Type"] = "application/json",
}

-- Each wrk thread has its own Lua state; a table address differs per state, so mixing
-- it into the seed keeps the threads from replaying the same sequence.
math.randomseed(os.time() + (tonumber(string.match(tostring({}), "0x(%x+)"), 16) or 0) % 100000)

local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
end

failures = {}

function request()
  local card = cards[math.random(#cards)]
  local column = columns[math.random(#columns)]
  local body = string.format('{"column_id":%s,"position":%d}', column, math.random(0, max_pos))
  return wrk.format("POST", "/api/v1/cards/" .. card .. "/move", headers, body)
end

function response(status, _headers, _body)
  if status < 200 or status > 299 then
    failures[status] = (failures[status] or 0) + 1
  end
end

function done(_summary, _latency, _requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("failures") or {}
    for status, count in pairs(counts) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d: %d\n", status, count))
  end
end
