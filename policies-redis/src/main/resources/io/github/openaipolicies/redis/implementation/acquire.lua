-- May an attempt of ARGV[1] estimated tokens go now? Grants it (and charges it) or says how long to wait and why.
-- KEYS[1]: the quota key's hash. ARGV[1]: cost; ARGV[2]: idle expiry in ms; ARGV[3]: the longest hold this reader
-- keeps, in ms (a worker with a longer maxRetryAfter may have written a longer one: for this reader it ends sooner).
-- Returns {1, grant sequence, granted cost including this one} or {0, wait in ms, 'H' | 'R' | 'T'}.
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local cost = tonumber(ARGV[1])
local f = redis.call('HMGET', KEYS[1], 'hold', 'rq', 'rqAt', 'rqUntil', 'tk', 'tkAt', 'tkUntil', 'tcap', 'g', 'gc',
  'holdAt')
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
g = redis.call('HINCRBY', KEYS[1], 'g', 1)
gc = redis.call('HINCRBY', KEYS[1], 'gc', cost)
local ttl = tonumber(ARGV[2])
if hold - now > ttl then
  ttl = hold - now
end
redis.call('PEXPIRE', KEYS[1], ttl)
return {1, g, gc}
