-- wrk script: POST /api/v1/referrals/{id}/stage moving each referral listed (one id per line) in
-- the file named by REFERRALS to "won" with a deal value, so that every request moves a different
-- referral (submitted → qualified → opportunity → won, with the program's rules evaluated and their
-- rewards written). The API key is in KEY. A run must not post more moves than there are ids.
local ids = {}
for line in io.lines(os.getenv("REFERRALS")) do ids[#ids + 1] = line end
local next_id = 0
local threads = 1

wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("KEY") or "")
wrk.headers["Content-Type"] = "application/json"

request = function()
  next_id = next_id + 1
  if next_id > #ids then error("ran out of referral ids; create more") end
  return wrk.format(nil, "/api/v1/referrals/" .. ids[next_id] .. "/stage", nil,
    string.format('{"stage":"won","deal_value_minor":%d}', 100000 + next_id))
end

response = function(status)
  if status ~= 200 then error("stage move answered " .. status) end
end
