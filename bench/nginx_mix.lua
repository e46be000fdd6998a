-- wrk script: the board's daily mix through nginx — nine reads of the board for every
-- move of a random card to the top of a random column.
--
-- Inputs come from the environment (set by bench/nginx_bench.py):
--   BENCH_TOKEN       bearer access token
--   BENCH_BOARD_ID    the board
--   BENCH_CARD_IDS    comma-separated card ids of the board
--   BENCH_COLUMN_IDS  comma-separated column ids of the same board
--
-- Responses that are not 2xx are tallied by status and printed by done() as
-- "status <code>: <count>" lines (read by bench/lib/wrk.py).

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
local board = os.getenv("BENCH_BOARD_ID") or error("BENCH_BOARD_ID is empty")
local auth = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")
local read_headers = { ["Authorization"] = auth }
local move_headers = { ["Authorization"] = auth, ["Content-Type"] = "application/json" }

-- Per-thread seed (see move.lua).
math.randomseed(os.time() + (tonumber(string.match(tostring({}), "0x(%x+)"), 16) or 0) % 100000)

local threads = {}
local counter = 0

function setup(thread)
  threads[#threads + 1] = thread
end

failures = {}

function request()
  counter = counter + 1
  if counter % 10 ~= 0 then
    return wrk.format("GET", "/api/v1/boards/" .. board, read_headers)
  end
  local card = cards[math.random(#cards)]
  local body = string.format('{"column_id":%s,"position":0}', columns[math.random(#columns)])
  return wrk.format("POST", "/api/v1/cards/" .. card .. "/move", move_headers, body)
end

function response(status, _headers, _body)
  if status < 200 or status > 299 then
    failures[status] = (failures[status] or 0) + 1
  end
end

function done(_summary, _latency, _requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("failures") or {}) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d: %d\n", status, count))
  end
end
