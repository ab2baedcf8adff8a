-- Refreshes the expiry of members still in a presence room and, for those given new data, replaces
-- it and publishes one update (PresenceStore.touch and PresenceStore.update). Never re-adds a member
-- that is gone: those are reported as missing, so a refresh cannot undo a removal already announced.
--
-- KEYS: as presence_join.lua (expiry zset, member hash, room hash)
-- ARGV: 1 topic, 2 room id as a JSON string, then per member: conn, ttl ms, member JSON or '' (keep)
-- Returns {epoch, v, now, first expiry, missing conn...}; epoch '0' and v 0 when the room has no
-- members; first expiry is the earliest expiry in the room (ms, Redis clock), -1 when it is empty.

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)

local present, missing, changed = {}, {}, false
for i = 3, #ARGV, 3 do
  if redis.call('ZSCORE', KEYS[1], ARGV[i]) then
    present[#present + 1] = i
    changed = changed or ARGV[i + 2] ~= ''
  else
    missing[#missing + 1] = ARGV[i]
  end
end

local epoch = redis.call('HGET', KEYS[3], 'epoch') or '0'
local v = tonumber(redis.call('HGET', KEYS[3], 'v') or '0')
if changed then
  v = redis.call('HINCRBY', KEYS[3], 'v', 1)
end
local version = string.format('%d', v)

local updates = {}
for _, i in ipairs(present) do
  redis.call('ZADD', KEYS[1], string.format('%d', now + tonumber(ARGV[i + 1])), ARGV[i])
  if ARGV[i + 2] ~= '' then
    redis.call('HSET', KEYS[2], ARGV[i], version .. '|' .. ARGV[i + 2])
    updates[#updates + 1] = ARGV[i + 2]
  end
end
if #updates > 0 then
  redis.call('PUBLISH', ARGV[1], '{"t":"presence","room":' .. ARGV[2] .. ',"epoch":' .. epoch .. ',"v":' .. version
    .. ',"join":[],"leave":[],"update":[' .. table.concat(updates, ',') .. ']}')
end

local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
local firstExpiry = -1
if #first > 0 then
  firstExpiry = tonumber(first[2])
end

local reply = {epoch, v, now, firstExpiry}
for _, conn in ipairs(missing) do
  reply[#reply + 1] = conn
end
return reply
