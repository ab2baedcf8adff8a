-- Appends one event to one feed channel, atomically (FeedLog.append): de-duplicate by key, number
-- the event, add it to the stream, trim by count and age, publish. Nothing runs between these
-- steps, so ids have no gaps and publish order equals append order.
--
-- KEYS (all carry the channel's {hash tag}, see RedisKeys):
--   1  stream:   entries with fields t (type) and d (data), entry id "<ms>-<seq>"
--   2  meta hash: seq (last number handed out), ms (last append time)
--   3  seen zset: de-duplication keys scored by the time they were appended
-- ARGV:
--   1  now, epoch ms (the caller's clock)
--   2  type
--   3  data (one line of JSON)
--   4  de-duplication key, or the empty string
--   5  de-duplication window, ms
--   6  retainEvents
--   7  retainMs
--   8  the broker topic to publish on
-- Returns {1, id} when appended, {0} for a duplicate.
--
-- Times stay below 2^53, where Lua numbers are exact; ids are formatted with %d, never tostring,
-- which would print large numbers in exponent form.

local now = tonumber(ARGV[1])

if ARGV[4] ~= '' then
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', string.format('%d', now - tonumber(ARGV[5])))
  if redis.call('ZSCORE', KEYS[3], ARGV[4]) then
    return {0}
  end
  redis.call('ZADD', KEYS[3], ARGV[1], ARGV[4])
end

-- The time part never goes back, so entry ids keep growing even if this caller's clock is behind
-- the previous appender's.
local ms = math.max(now, tonumber(redis.call('HGET', KEYS[2], 'ms') or '0'))
local seq = redis.call('HINCRBY', KEYS[2], 'seq', 1)
local id = string.format('%d-%d', ms, seq)
redis.call('HSET', KEYS[2], 'ms', string.format('%d', ms))
redis.call('XADD', KEYS[1], 'MAXLEN', ARGV[6], id, 't', ARGV[2], 'd', ARGV[3])
redis.call('XTRIM', KEYS[1], 'MINID', string.format('%d', math.max(0, now - tonumber(ARGV[7]))))
redis.call('PUBLISH', ARGV[8], id .. '\n' .. ARGV[2] .. '\n' .. ARGV[3])
return {1, id}
