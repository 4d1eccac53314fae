-- wrk script: POST /api/v1/referrals with a new referee per request (every review check runs:
-- duplicate, self-referral, velocity, disposable domain), attributed to one of the advocates in
-- the ADVOCATES environment variable (comma-separated ids), with the API key in KEY.
local counter = 0
-- TAG (optional) keeps two wrk processes run at once from writing the same referees.
local thread_tag = (os.getenv("TAG") or "") .. tostring(math.random(1, 1e9))
local advocates = {}
for id in string.gmatch(os.getenv("ADVOCATES") or "", "[^,]+") do advocates[#advocates + 1] = id end

wrk.method = "POST"
wrk.path = "/api/v1/referrals"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("KEY") or "")
wrk.headers["Content-Type"] = "application/json"

request = function()
  counter = counter + 1
  local advocate = advocates[(counter % #advocates) + 1]
  local body = string.format(
    '{"advocate_id":"%s","referee":{"email":"p%s.%d@prospect%d.example","first_name":"Pat","company":"Prospect %d"},"product":"enterprise","channel":"email"}',
    advocate, thread_tag, counter, counter % 997, counter % 997)
  return wrk.format(nil, nil, nil, body)
end

response = function(status)
  if status ~= 201 then error("POST /api/v1/referrals answered " .. status) end
end
