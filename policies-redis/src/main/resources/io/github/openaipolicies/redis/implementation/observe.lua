-- Absorbs what one granted attempt learned, and ends its lease. Values the client found implausible arrive as -1.
-- KEYS[1]: the quota key's hash; KEYS[2]: its leases (see acquire.lua). ARGV: [1] grant sequence, [2] granted cost
-- at the grant, [3] '1' for a 429, [4] the 429's hold in ms, [5] remaining requests, [6] remaining tokens, [7] requests reset in ms, [8] tokens reset
-- in ms, [9] counter validity in ms, [10] idle expiry in ms, [11] the attempt's cost, [12] how long a counter at zero
-- without a reset hint is believed, in ms; [13] the grant's generation; [14] '1' when the answer was a success (2xx).
-- An answer to a grant of another generation (the state was lost since) ends its lease and may extend the hold (a
-- 429 says when the server lets anyone in, whatever was granted), but its sequence, grant totals and counters refer
-- to a state that is gone: they are ignored.
-- Returns {ms until the hold ends, 0 when none}.
if redis.replicate_commands then redis.replicate_commands() end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local seq = tonumber(ARGV[1])
local costAt = tonumber(ARGV[2])
local throttled = ARGV[3] == '1'
local validity = tonumber(ARGV[9])
local f = redis.call('HMGET', KEYS[1], 'hold', 'rq', 'rqAt', 'rqUntil', 'tk', 'tkAt', 'tkUntil', 'tcap', 'g', 'gc',
  'fseq', 'gen', 'win')
local hold = tonumber(f[1]) or 0
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local inFlight = redis.call('ZCARD', KEYS[2])
redis.call('ZREM', KEYS[2], ARGV[13] .. ':' .. ARGV[1])
local sameGeneration = f[12] == ARGV[13]
if throttled then
  local delay = tonumber(ARGV[4])
  if delay < 0 then
    delay = validity
  end
  if now + delay > hold then
    hold = now + delay
    redis.call('HSET', KEYS[1], 'hold', hold, 'holdAt', now)
  end
end

-- A counter at zero without a reset hint says only that nothing is left now: the server's window may slide, so it
-- is believed for the short recheck, then one probe asks again.
-- The counters of a refusal describe the window the hold waits out; after it they say nothing.
local function believedUntil(reset, exhausted)
  local untilMs = now + validity
  if reset > 0 then
    untilMs = now + reset
  elseif exhausted and not throttled then
    untilMs = now + tonumber(ARGV[12])
  end
  if throttled and hold > now and hold < untilMs then
    untilMs = hold
  end
  return untilMs
end

local remainingRequests = tonumber(ARGV[5])
local remainingTokens = tonumber(ARGV[6])
local exhausted = false
if sameGeneration and (remainingRequests >= 0 or remainingTokens >= 0) then
  local g = tonumber(f[9]) or 0
  local gc = tonumber(f[10]) or 0
  local freshestSeq = tonumber(f[11]) or 0
  -- An answer to an attempt granted before the freshest one answered is believed only when it leaves less.
  local freshest = seq >= freshestSeq
  if seq > freshestSeq then
    redis.call('HSET', KEYS[1], 'fseq', seq)
  end
  -- Keeps one counter ('rq' or 'tk') with the grant total it answered ('At') and until when it is believed ('Until').
  -- It is at zero when what it leaves, net of everything granted since the answered grant, is below 'need'.
  local function keep(name, value, at, total, old, oldAt, oldUntil, reset, need)
    if value < 0 then
      return
    end
    local left = value - (total - at)
    if left < need then
      exhausted = true
    end
    local believed = now < (tonumber(oldUntil) or 0)
    if freshest or not believed or left < tonumber(old) - (total - tonumber(oldAt)) then
      redis.call('HSET', KEYS[1], name, value, name .. 'At', at, name .. 'Until', believedUntil(reset, left < need))
    end
  end
  keep('rq', remainingRequests, seq, g, f[2], f[3], f[4], tonumber(ARGV[7]), 1)
  keep('tk', remainingTokens, costAt, gc, f[5], f[6], f[7], tonumber(ARGV[8]), math.max(1, tonumber(ARGV[11])))
  if remainingTokens > (tonumber(f[8]) or 0) then
    redis.call('HSET', KEYS[1], 'tcap', remainingTokens)
  end
end
-- The shared slow-start window: one after a 429 or a counter at zero (the next grant is a probe); one more after a
-- success while it was the limit (as many grants in flight as it allows).
if sameGeneration then
  local win = tonumber(f[13]) or 1
  if throttled or exhausted then
    win = 1
  elseif ARGV[14] == '1' and inFlight >= win and win < 65536 then
    win = win + 1
  end
  redis.call('HSET', KEYS[1], 'win', win)
end
local ttl = tonumber(ARGV[10])
if hold - now > ttl then
  ttl = hold - now
end
redis.call('PEXPIRE', KEYS[1], ttl)
if hold > now then
  return {hold - now}
end
return {0}
