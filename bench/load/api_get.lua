-- wrk script: GET the URL given to wrk with the API key in KEY (a light authenticated read, to
-- measure the API's latency while something else loads the server).
wrk.method = "GET"
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("KEY") or "")

response = function(status)
  if status ~= 200 then error("GET answered " .. status) end
end
