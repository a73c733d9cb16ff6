-- wrk script: PUT of unique 4 KiB bodies (a per-thread, per-request prefix; random keys), so a content-addressed
-- store cannot skip a write. Used by benchmarks/wrk-small.sh.
local counter = 0
local tail = string.rep("abcdefgh", 510)
local tid = 0
setup = function(thread) thread:set("tid", tid); tid = tid + 1 end
init = function(args) math.randomseed(os.time() * 1000 + tid * 7919) end
request = function()
  counter = counter + 1
  local head = string.format("%02d%06d%08d", tid, counter % 1000000, math.random(1, 99999999))
  return wrk.format("PUT", "/s3/wrk/p" .. tid .. "-" .. counter .. "-" .. math.random(1, 1e9), nil, head .. tail)
end
