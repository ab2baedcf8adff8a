-- Adds (or replaces) one member of a presence room, unless the room is full, publishes the join and
-- lists the room (PresenceStore.join). Atomic: the version, the publish and the listing all see the
-- same state.
--
-- KEYS (all carry the room's {hash tag}, see RedisKeys):
--   1  expiry zset:  member = conn, score = expiry in ms on Redis's clock
--   2  member hash:  conn -> "<version of its last change>|<member JSON>"
--   3  room hash:    epoch, v (the room's version counter); deleted with the last member
-- ARGV: 1 conn, 2 member JSON, 3 ttl ms, 4 maxMembers, 5 topic, 6 room id as a JSON string
-- Returns {0} when full, else {1, epoch, v, now, "<v>|<member JSON>" of every live member...}.

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  local live = redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%d', now), '+inf')
  if live >= tonumber(ARGV[4]) then
    return {0}
  end
end

-- A new room gets an epoch from the clock (microseconds), larger than any epoch it had before.
local epoch = redis.call('HGET', KEYS[3], 'epoch')
if not epoch then
  epoch = t[1] .. string.format('%06d', tonumber(t[2]))
  redis.call('HSET', KEYS[3], 'epoch', epoch)
end
local v = string.format('%d', redis.call('HINCRBY', KEYS[3], 'v', 1))

redis.call('ZADD', KEYS[1], string.format('%d', now + tonumber(ARGV[3])), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], v .. '|' .. ARGV[2])
redis.call('PUBLISH', ARGV[5], '{"t":"presence","room":' .. ARGV[6] .. ',"epoch":' .. epoch .. ',"v":' .. v
  .. ',"join":[' .. ARGV[2] .. '],"leave":[],"update":[]}')

local reply = {1, epoch, tonumber(v), now}
local live = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. string.format('%d', now), '+inf')
for _, conn in ipairs(live) do
  local stored = redis.call('HGET', KEYS[2], conn)
  if stored then
    reply[#reply + 1] = stored
  end
end
return reply
