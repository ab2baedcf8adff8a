-- Commits one op to one document, atomically (OpStore.commit): de-duplicate, check the version,
-- append, record the source, store the snapshot, trim, publish. Redis runs a script without
-- interleaving other commands, so every step sees the state the previous one left, and the PUBLISH
-- at the end makes publish order equal commit order.
--
-- KEYS (all carry the document's {hash tag}, see RedisKeys):
--   1  meta hash:   v (current version), snapshotV, snapshot (JSON {"v","type","data"})
--   2  log zset:    member = encoded op frame, score = its version
--   3  ids zset:    member = "<seq>:<src>" of each retained op that has a source, score = its version
--   4  source hash: src -> "<seq>:<v>" of the last op committed by that source
-- ARGV:
--   1  the op's version v (decimal)
--   2  src, or the empty string for an op without source
--   3  seq (decimal; 0 without source)
--   4  the encoded op frame (stored and published as is)
--   5  the snapshot after the op as JSON, or the empty string
--   6  retainOps: how many recent ops to keep at least
--   7  the topic to publish on
-- Returns {kind, n}: {1, v} committed; {2, current} version conflict; {3, originalV} duplicate,
-- originalV -1 when the op is superseded but no longer retained.
--
-- Numbers are compared with tonumber (exact below 2^53); strings that become keys or members are
-- built from ARGV, never from Lua numbers, which Lua 5.1 would print as 1e+15 past 10^14.

local COMMITTED, CONFLICT, DUPLICATE = 1, 2, 3

local v = tonumber(ARGV[1])
local src = ARGV[2]
local seq = tonumber(ARGV[3])

-- (a) De-duplication by (src, seq), before the version check: a resubmission is recognised
-- whatever version it now targets.
if src ~= '' then
  local mark = redis.call('HGET', KEYS[4], src)
  if mark then
    local sep = string.find(mark, ':', 1, true)
    local lastSeq = tonumber(string.sub(mark, 1, sep - 1))
    if seq == lastSeq then
      return {DUPLICATE, tonumber(string.sub(mark, sep + 1))}
    end
    if seq < lastSeq then
      local retained = redis.call('ZSCORE', KEYS[3], ARGV[3] .. ':' .. src)
      if retained then
        return {DUPLICATE, tonumber(retained)}
      end
      return {DUPLICATE, -1}
    end
  end
end

-- (b) Version check: the document must be at v - 1.
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if current ~= v - 1 then
  return {CONFLICT, current}
end

-- (c) Append, record the source, store the snapshot.
redis.call('ZADD', KEYS[2], ARGV[1], ARGV[4])
redis.call('HSET', KEYS[1], 'v', ARGV[1])
if src ~= '' then
  redis.call('ZADD', KEYS[3], ARGV[1], ARGV[3] .. ':' .. src)
  redis.call('HSET', KEYS[4], src, ARGV[3] .. ':' .. ARGV[1])
end
if ARGV[5] ~= '' then
  redis.call('HSET', KEYS[1], 'snapshot', ARGV[5], 'snapshotV', ARGV[1])
end

-- Trim: drop ops older than the last retainOps, but never one the latest stored snapshot does not
-- cover, so "snapshot, then the ops after it" always reaches the current version.
local covered = tonumber(redis.call('HGET', KEYS[1], 'snapshotV') or '0')
local upTo = math.min(v - tonumber(ARGV[6]), covered)
if upTo >= 1 then
  local bound = string.format('%d', upTo)
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', bound)
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', bound)
end

-- (d) Publish inside the script: nothing can commit between this op and its publication.
redis.call('PUBLISH', ARGV[7], ARGV[4])
return {COMMITTED, v}
