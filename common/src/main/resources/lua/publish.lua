-- PUBLISH with the topic as KEYS[1], so a cluster client routes it to the node that owns the
-- topic's hash slot (RedisBroker.publish).
return redis.call('PUBLISH', KEYS[1], ARGV[1])
