-- May an attempt of ARGV[1] estimated tokens go now? Grants it (charges it and gives it a lease) or says how long to
-- wait and why.
-- KEYS[1]: the quota key's hash; KEYS[2]: its leases, a sorted set of the grants in flight (member
-- '<generation>:<sequence>', score: the lease's end by Redis's clock).
-- ARGV[1]: cost; ARGV[2]: idle expiry in ms; ARGV[3]: the longest hold this reader keeps, in ms (a worker with a
-- longer maxRetryAfter may have written a longer one: for this reader it ends sooner); ARGV[4]: the generation to
-- give the state if it has none; ARGV[5]: the lease in ms; ARGV[6]: the initial slow-start window; ARGV[7]: how long
-- to wait, in ms, when the slow-start window is full.
-- Returns {1, grant sequence, granted cost including this one, generation} or {0, wait in ms, 'H' | 'R' | 'T' | 'S'}.
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cost = tonumber(ARGV[1])
local idle = tonumber(ARGV[2])
local f = redis.call('HMGET', KEYS[1], 'hold', 'rq', 'rqAt', 'rqUntil', 'tk', 'tkAt', 'tkUntil', 'tcap', 'g', 'gc',
  'holdAt', 'gen', 'win')
-- A state without a generation is new, or was lost (restart, FLUSHALL, eviction): answers to grants made before
-- carry another generation, and observe.lua does not let them touch its counters.
local gen = f[12]
local win = tonumber(f[13]) or tonumber(ARGV[6])
if not gen then
  gen = ARGV[4]
  redis.call('HSET', KEYS[1], 'gen', gen, 'win', win)
  if redis.call('PTTL', KEYS[1]) < idle then
    redis.call('PEXPIRE', KEYS[1], idle)
  end
end
local hold = tonumber(f[1]) or 0
local holdFor = hold
local holdAt = tonumber(f[11])
if holdAt and holdAt + tonumber(ARGV[3]) < holdFor then
  holdFor = holdAt + tonumber(ARGV[3])
end
if now < holdFor then
  return {0, holdFor - now, 'H'}
end
local g = tonumber(f[9]) or 0
local gc = tonumber(f[10]) or 0
-- A counter leaves what its answer said minus everything granted after the answered attempt.
local rqUntil = tonumber(f[4]) or 0
if now < rqUntil and tonumber(f[2]) - (g - tonumber(f[3])) <= 0 then
  return {0, rqUntil - now, 'R'}
end
local tkUntil = tonumber(f[7]) or 0
if now < tkUntil then
  local capacity = tonumber(f[8]) or 0
  local need = cost
  if capacity > 0 and capacity < cost then
    need = capacity
  end
  if tonumber(f[5]) - (gc - tonumber(f[6])) < need then
    return {0, tkUntil - now, 'T'}
  end
end
-- Slow start, shared by every worker: while a counter the key has shown is no longer believed (or none was ever
-- shown), at most the window's grants are in flight, counted across processes by their unexpired leases.
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local inFlight = redis.call('ZCARD', KEYS[2])
local rqShown = f[4] ~= false
local tkShown = f[7] ~= false
local unknown = (not rqShown and not tkShown) or (rqShown and now >= rqUntil) or (tkShown and now >= tkUntil)
if unknown and inFlight >= win then
  return {0, tonumber(ARGV[7]), 'S'}
end
g = redis.call('HINCRBY', KEYS[1], 'g', 1)
gc = redis.call('HINCRBY', KEYS[1], 'gc', cost)
local ttl = idle
if hold - now > ttl then
  ttl = hold - now
end
redis.call('PEXPIRE', KEYS[1], ttl)
local lease = tonumber(ARGV[5])
redis.call('ZADD', KEYS[2], now + lease, gen .. ':' .. g)
if redis.call('PTTL', KEYS[2]) < lease then
  redis.call('PEXPIRE', KEYS[2], lease)
end
return {1, g, gc, gen}
