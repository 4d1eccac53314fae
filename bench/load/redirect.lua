-- wrk script for the tracked-link redirect benchmark (bench/load/redirect_vs_nginx.sh).
-- Every request carries a browser User-Agent and its own valid visitor id (cookie bb_vid: 22
-- characters of base64url), so the server records one new visitor per request, as in real traffic.
-- The same script is used against nginx so both sides pay the same client cost.
--
-- The id is a random 14-character prefix per wrk thread (from /dev/urandom) followed by an
-- 8-digit per-thread counter, so ids are unique across threads and across runs; building it is a
-- string.format and a concatenation per request.
--
-- The path comes from the URL given to wrk (e.g. http://127.0.0.1:8080/r/CODE?c=email).

local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
local prefix
local counter = 0
local head, tail

local function random_prefix(n)
  local bytes
  local f = io.open("/dev/urandom", "rb")
  if f then
    bytes = f:read(n)
    f:close()
  end
  local out = {}
  for i = 1, n do
    local b = bytes and bytes:byte(i) or math.random(0, 255)
    local k = (b % 64) + 1
    out[i] = alphabet:sub(k, k)
  end
  return table.concat(out)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  prefix = random_prefix(14)
  local path = wrk.path
  if path == nil or path == "" then path = "/" end
  local host = wrk.headers["Host"] -- set by wrk from the URL before init runs
  head = "GET " .. path .. " HTTP/1.1\r\n" ..
         "Host: " .. host .. "\r\n" ..
         "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36\r\n" ..
         "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n" ..
         "Accept-Language: en-US,en;q=0.9\r\n" ..
         "Cookie: bb_vid=" .. prefix
  tail = "\r\n\r\n"
end

function request()
  counter = counter + 1
  return head .. string.format("%08d", counter % 100000000) .. tail
end
