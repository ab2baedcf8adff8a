-- Removes members of a presence room and publishes their leave, as one change. Two modes:
--   explicit: ARGV[3] = 'conn', ARGV[4] = the conn, removed whether or not it expired (PresenceStore.remove)
--   expired:  ARGV[3] = 'expired', ARGV[4] = the most to remove; every member whose expiry passed
--             (PresenceStore.expire)
-- ZREM decides: of concurrent callers, exactly one removes a given member and gets it back, so
-- exactly one node announces each leave. A room left empty loses its keys (its next member starts a
-- new epoch).
--
-- KEYS: as presence_join.lua (expiry zset, member hash, room hash)
-- ARGV: 1 topic, 2 room id as a JSON string, 3 mode, 4 conn or limit
-- Returns {emptied (1 when the room has no member left), member JSON of each removed member...}.

local conns
if ARGV[3] == 'conn' then
  conns = {ARGV[4]}
else
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  conns = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', string.format('%d', now), 'LIMIT', 0, tonumber(ARGV[4]))
end

local removed, leaves = {}, {}
for _, conn in ipairs(conns) do
  if redis.call('ZREM', KEYS[1], conn) == 1 then
    local stored = redis.call('HGET', KEYS[2], conn)
    redis.call('HDEL', KEYS[2], conn)
    if stored then
      local json = string.sub(stored, string.find(stored, '|', 1, true) + 1)
      local member = cjson.decode(json)
      removed[#removed + 1] = json
      leaves[#leaves + 1] = cjson.encode({conn = member.conn, user = member.user})
    end
  end
end

if #removed > 0 then
  local epoch = redis.call('HGET', KEYS[3], 'epoch') or '0'
  local v = string.format('%d', redis.call('HINCRBY', KEYS[3], 'v', 1))
  redis.call('PUBLISH', ARGV[1], '{"t":"presence","room":' .. ARGV[2] .. ',"epoch":' .. epoch .. ',"v":' .. v
    .. ',"join":[],"leave":[' .. table.concat(leaves, ',') .. '],"update":[]}')
end

local emptied = 0
if redis.call('ZCARD', KEYS[1]) == 0 then
  redis.call('DEL', KEYS[2], KEYS[3])
  emptied = 1
end
local reply = {emptied}
for _, json in ipairs(removed) do
  reply[#reply + 1] = json
end
return reply
