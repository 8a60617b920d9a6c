-- wrk script for the reply-posting benchmark (bench/run.py): every request is
-- a new reader (own address, own IP via X-Forwarded-For, as behind a proxy)
-- posting a reply with a unique text. A 302 acknowledges the reply; its
-- Location names the reply's id, and done() prints every acknowledged id.
-- Arguments: the form's action path, its hidden fields (urlencoded), and a
-- word that makes this run's texts differ from any earlier run's.

local threads = {}
local counter = 0
acknowledged = ""

function setup(thread)
   table.insert(threads, thread)
   thread:set("id", #threads)
end

function init(args)
   action = args[1]
   hidden = args[2]
   run = args[3] or "0"
end

function request()
   counter = counter + 1
   local reader = id .. "-" .. counter
   local body = hidden .. "&name=Bench+" .. reader
      .. "&email=bench" .. reader .. "%40mail.example"
      .. "&comment=Bench+reply+" .. run .. "-" .. reader
   local address = string.format("10.%d.%d.%d", id, math.floor(counter / 256) % 256,
      counter % 256)
   return wrk.format("POST", action, {
      ["Content-Type"] = "application/x-www-form-urlencoded",
      ["X-Forwarded-For"] = address,
   }, body)
end

function response(status, headers, body)
   if status == 302 then
      local location = headers["Location"] or headers["location"] or ""
      local id = string.match(location, "#reply%-(%d+)")
      acknowledged = acknowledged .. (id or "?") .. ","
   end
end

function done(summary, latency, requests)
   io.write("acknowledged ")
   for _, thread in ipairs(threads) do
      io.write(thread:get("acknowledged"))
   end
   io.write("\n")
end
