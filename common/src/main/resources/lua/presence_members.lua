-- Lists the live members of a presence room with the room's epoch and version, atomically
-- (PresenceStore.members).
--
-- KEYS: as presence_join.lua (expiry zset, member hash, room hash)
-- Returns {epoch, v, "<v>|<member JSON>" of every live member...}; epoch '0' and v 0 for an empty room.

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local reply = {redis.call('HGET', KEYS[3], 'epoch') or '0', tonumber(redis.call('HGET', KEYS[3], 'v') or '0')}
for _, conn in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. string.format('%d', now), '+inf')) do
  local stored = redis.call('HGET', KEYS[2], conn)
  if stored then
    reply[#reply + 1] = stored
  end
end
return reply
