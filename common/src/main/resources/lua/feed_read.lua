-- Reads a feed channel after an id (FeedLog.read), applying the age bound first so an expired event
-- is never returned, and answers with what the caller needs to detect lost events.
--
-- KEYS: 1 stream, 2 meta hash (as in feed_append.lua)
-- ARGV:
--   1  now, epoch ms
--   2  retainMs
--   3  exclusive start: "(<ms>-<seq>", or "-" for the first retained event
--   4  at most this many events (0: none, only the ids below)
-- Returns {latestId, oldestId or '', id1, type1, data1, id2, type2, data2, ...}.

local now = tonumber(ARGV[1])
redis.call('XTRIM', KEYS[1], 'MINID', string.format('%d', math.max(0, now - tonumber(ARGV[2]))))

local meta = redis.call('HMGET', KEYS[2], 'ms', 'seq')
local latest = '0-0'
if meta[2] then
  latest = meta[1] .. '-' .. meta[2]
end
local first = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
local oldest = ''
if #first > 0 then
  oldest = first[1][1]
end

local reply = {latest, oldest}
if tonumber(ARGV[4]) > 0 then
  for _, entry in ipairs(redis.call('XRANGE', KEYS[1], ARGV[3], '+', 'COUNT', ARGV[4])) do
    local fields = entry[2]
    local kind, data
    for i = 1, #fields, 2 do
      if fields[i] == 't' then kind = fields[i + 1] elseif fields[i] == 'd' then data = fields[i + 1] end
    end
    reply[#reply + 1] = entry[1]
    reply[#reply + 1] = kind
    reply[#reply + 1] = data
  end
end
return reply
