-- wrk script for the tracked-link redirect benchmark (bench/load/redirect_vs_nginx.sh).
-- Every request carries a browser User-Agent and its own well-formed visitor id (cookie bb_vid), so
-- each request is a click by a distinct visitor. The same script is used against nginx so both
-- sides pay the same client cost.
--
--   wrk ... -s bench/load/redirect.lua http://127.0.0.1:8080/r/CODE?c=email -- FORMAT
--
-- FORMAT is the visitor id format the server accepts:
--   base64url  22 characters of [A-Za-z0-9_-] (the default)
--   ulid       26 lower-case Crockford base32 characters, the first one 0-7
-- The id is a random prefix per wrk thread (from /dev/urandom) followed by an 8-digit per-thread
-- counter (digits are valid in both alphabets), so ids are unique across threads and runs; building
-- it costs a string.format and a concatenation per request.

local formats = {
  base64url = { alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", length = 22 },
  ulid = { alphabet = "0123456789abcdefghjkmnpqrstvwxyz", length = 26, first = "01234567" },
}
local prefix
local counter = 0
local head, tail

local function random_prefix(fmt, n)
  local bytes
  local f = io.open("/dev/urandom", "rb")
  if f then
    bytes = f:read(n)
    f:close()
  end
  local out = {}
  for i = 1, n do
    local chars = (i == 1 and fmt.first) or fmt.alphabet
    local b = bytes and bytes:byte(i) or math.random(0, 255)
    local k = (b % #chars) + 1
    out[i] = chars:sub(k, k)
  end
  return table.concat(out)
end

function init(args)
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
  local name = args[1] or "base64url"
  local fmt = formats[name]
  if fmt == nil then error("redirect.lua: unknown visitor id format '" .. name .. "' (base64url or ulid)") end
  prefix = random_prefix(fmt, fmt.length - 8)
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
