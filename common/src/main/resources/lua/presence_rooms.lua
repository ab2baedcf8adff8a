-- The index of rooms that have members: a zset scored by the latest expiry any node gave one of the
-- room's members (raised with ZADD GT, never lowered). A room whose score passed has no live member
-- left, so no live node serves it; some node must expire it so its leaves are announced.
--
-- KEYS: 1 the room index zset
-- ARGV: 1 mode, 2 limit or room
--   'abandoned': returns up to ARGV[2] rooms whose score passed
--   'forget':    removes room ARGV[2] from the index when its score passed (a fresh join raised it,
--                and then the room stays); returns 1 when removed

local t = redis.call('TIME')
local now = string.format('%d', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000))
if ARGV[1] == 'abandoned' then
  return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, tonumber(ARGV[2]))
end
local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
if score and tonumber(score) <= tonumber(now) then
  return redis.call('ZREM', KEYS[1], ARGV[2])
end
return 0
