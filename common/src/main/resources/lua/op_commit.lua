-- Commits consecutive ops of one document, all or none (OpStore.commitAll; a single commit is a
-- batch of one): de-duplicate every op, check the first op's version, append, record the sources,
-- store the snapshot, trim, publish (one message), and append each op to the document's doc: feed
-- channel (as feed_append.lua does, without its de-duplication: a resubmission never gets here), so
-- the feed holds exactly the committed ops even when the node dies right after the commit. Redis
-- runs a script without interleaving other commands, so
-- every step sees the state the previous one left, and the PUBLISHes at the end make publish order
-- equal commit order.
--
-- KEYS (all carry the document's {hash tag}, see RedisKeys):
--   1  meta hash:   v (current version), snapshotV, snapshot (JSON {"v","type","data"})
--   2  log zset:    member = encoded op frame, score = its version
--   3  ids zset:    member = "<seq>:<src>" of each retained op that has a source, score = its version
--   4  source hash: src -> "<seq>:<v>:<owner>" of the last op committed by that source; owner is the
--      token sub the source is bound to (empty: none yet; records written before owners are "<seq>:<v>")
--   5  source zset:  src scored by the version of its last op, to drop the least recent past maxSources
--   6  doc: feed stream: entries with fields t ("op") and d (the op frame), entry id "<ms>-<seq>"
--   7  doc: feed meta hash: seq (last number handed out), ms (last append time)
-- The meta hash also holds logBytes: the bytes of the frames in the log (absent in logs written
-- before it existed, whose older frames are then not counted; the op count still bounds them).
-- ARGV:
--   1  retainOps: how many recent ops to keep at most (past the latest snapshot everything is kept)
--   2  the topic to publish on
--   3  the snapshot after the last op as JSON, or the empty string
--   4  maxBytes: bytes of frames to keep at most (same exception)
--   5  maxSources: source records to keep at most
--   6  now, epoch ms (the caller's clock), for the feed ids
--   7  the feed's retainEvents
--   8  the feed's retainMs
--   9  the feed's broker topic
--   then five per op, in version order (the caller checked they are consecutive):
--   v (decimal), src or the empty string, seq (decimal; 0 without source), the encoded op frame,
--   the submitter's owner (token sub) or the empty string for a trusted caller
-- Returns {kind, n}: {1, last v} committed; {2, current} version conflict; {3, originalV} duplicate
-- (of the first duplicate op), originalV -1 when the op is superseded but no longer retained;
-- {4, i} the source of op i (0-based) is bound to another owner.
--
-- Numbers are compared with tonumber (exact below 2^53); strings that become keys or members are
-- built from ARGV, never from Lua numbers, which Lua 5.1 would print as 1e+15 past 10^14.

local COMMITTED, CONFLICT, DUPLICATE, FOREIGN = 1, 2, 3, 4
local FIRST, PER_OP = 10, 5

-- A source record "<seq>:<v>[:<owner>]" split into its seq, v and owner ('' when none).
local function parseMark(mark)
  local first = string.find(mark, ':', 1, true)
  local second = string.find(mark, ':', first + 1, true)
  if second then
    return string.sub(mark, 1, first - 1), string.sub(mark, first + 1, second - 1), string.sub(mark, second + 1)
  end
  return string.sub(mark, 1, first - 1), string.sub(mark, first + 1), ''
end
local count = (#ARGV - FIRST + 1) / PER_OP

-- (a) Ownership, then de-duplication by (src, seq), before the version check: a source bound to
-- another owner is refused; a resubmission is recognised whatever version it now targets.
-- seq is at most 2^53 - 1 (checked at the edge), so tonumber compares it exactly.
for i = 0, count - 1 do
  local at = FIRST + i * PER_OP
  local src = ARGV[at + 1]
  if src ~= '' then
    local mark = redis.call('HGET', KEYS[4], src)
    if mark then
      local markSeq, markV, markOwner = parseMark(mark)
      local owner = ARGV[at + 4]
      if markOwner ~= '' and owner ~= '' and markOwner ~= owner then
        return {FOREIGN, i}
      end
      local seq = tonumber(ARGV[at + 2])
      local lastSeq = tonumber(markSeq)
      if seq == lastSeq then
        return {DUPLICATE, tonumber(markV)}
      end
      if seq < lastSeq then
        local retained = redis.call('ZSCORE', KEYS[3], ARGV[at + 2] .. ':' .. src)
        if retained then
          return {DUPLICATE, tonumber(retained)}
        end
        return {DUPLICATE, -1}
      end
    else
      -- No record (never committed, or pushed out by newer sources): the retained log may know the op.
      local retained = redis.call('ZSCORE', KEYS[3], ARGV[at + 2] .. ':' .. src)
      if retained then
        return {DUPLICATE, tonumber(retained)}
      end
    end
  end
end

-- (b) Version check: the document must be at the first op's version - 1.
local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if current ~= tonumber(ARGV[FIRST]) - 1 then
  return {CONFLICT, current}
end

-- (c) Append, record the sources, store the snapshot.
local lastV
local logBytes = math.max(tonumber(redis.call('HGET', KEYS[1], 'logBytes') or '0'), 0)
for i = 0, count - 1 do
  local at = FIRST + i * PER_OP
  local src = ARGV[at + 1]
  lastV = ARGV[at]
  redis.call('ZADD', KEYS[2], lastV, ARGV[at + 3])
  logBytes = logBytes + #ARGV[at + 3]
  if src ~= '' then
    redis.call('ZADD', KEYS[3], lastV, ARGV[at + 2] .. ':' .. src)
    -- The source stays bound to its owner; an op of a trusted caller (no owner) keeps the binding.
    local owner = ARGV[at + 4]
    if owner == '' then
      local mark = redis.call('HGET', KEYS[4], src)
      if mark then
        local _, _, markOwner = parseMark(mark)
        owner = markOwner
      end
    end
    redis.call('HSET', KEYS[4], src, ARGV[at + 2] .. ':' .. lastV .. ':' .. owner)
    redis.call('ZADD', KEYS[5], lastV, src)
  end
end
redis.call('HSET', KEYS[1], 'v', lastV)
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[1], 'snapshot', ARGV[3], 'snapshotV', lastV)
end

-- Trim: drop the oldest ops while more than retainOps or maxBytes are kept, but never one the
-- latest stored snapshot does not cover, so "snapshot, then the ops after it" always reaches the
-- current version.
local covered = tonumber(redis.call('HGET', KEYS[1], 'snapshotV') or '0')
local retainOps, maxBytes = tonumber(ARGV[1]), tonumber(ARGV[4])
local kept = redis.call('ZCARD', KEYS[2])
while kept > 0 and (kept > retainOps or logBytes > maxBytes) do
  local oldest = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  if tonumber(oldest[2]) > covered then
    break
  end
  redis.call('ZREMRANGEBYRANK', KEYS[2], 0, 0)
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', oldest[2])
  logBytes = math.max(logBytes - #oldest[1], 0)
  kept = kept - 1
end
redis.call('HSET', KEYS[1], 'logBytes', string.format('%d', logBytes))

-- Source records past maxSources: the least recently committed go (a bounded number per commit,
-- so records written before the source zset existed shrink over later commits).
local maxSources = tonumber(ARGV[5])
for _ = 0, count do
  if redis.call('HLEN', KEYS[4]) <= maxSources then
    break
  end
  local eldest = redis.call('ZPOPMIN', KEYS[5])
  if #eldest == 0 then
    break
  end
  redis.call('HDEL', KEYS[4], eldest[1])
end

-- (d) Publish inside the script: nothing can commit between these ops and their publication.
-- One message for the whole batch, the frames joined by newlines (StoredOpCodec.joinFrames).
local frames = {}
for i = 0, count - 1 do
  frames[i + 1] = ARGV[FIRST + i * PER_OP + 3]
end
redis.call('PUBLISH', ARGV[2], table.concat(frames, '\n'))

-- (e) The doc: feed: number each op, add it, trim by count and age, publish it (FeedEventCodec's
-- "<id>\n<type>\n<data>"). The time part never goes back, as in feed_append.lua.
local now = tonumber(ARGV[6])
local ms = string.format('%d', math.max(now, tonumber(redis.call('HGET', KEYS[7], 'ms') or '0')))
for i = 1, count do
  local id = ms .. '-' .. string.format('%d', redis.call('HINCRBY', KEYS[7], 'seq', 1))
  redis.call('XADD', KEYS[6], 'MAXLEN', ARGV[7], id, 't', 'op', 'd', frames[i])
  redis.call('PUBLISH', ARGV[9], id .. '\nop\n' .. frames[i])
end
redis.call('HSET', KEYS[7], 'ms', ms)
redis.call('XTRIM', KEYS[6], 'MINID', string.format('%d', math.max(0, now - tonumber(ARGV[8]))))
-- Never more entries than the log keeps ops: the history's byte bound bounds the doc: feed too.
redis.call('XTRIM', KEYS[6], 'MAXLEN', math.max(kept, 1))
return {COMMITTED, tonumber(lastV)}
