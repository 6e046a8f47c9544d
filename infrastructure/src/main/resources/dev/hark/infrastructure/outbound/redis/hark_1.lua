#!lua name=hark_1
--[[
Hark's session store, library version 1 (loaded with FUNCTION LOAD REPLACE at start).

Every write checks its fence in the same atomic step as the write itself:
  gateway writes carry the attachment generation `gen`;
  worker writes carry `(owner, epoch)`;
so a writer that was superseded (paused past its lease, cut off, replaced) is refused with
STALE and changes nothing. Replies are arrays whose first element is a status word; the Java
adapter (dev.hark.infrastructure.outbound.redis) turns them into typed outcomes.

Keys of one session share the hash tag {sid}:
  KEYS[1] hark:s:{sid}        hash: format bpf rate token gen gateway owner epoch lastSeq
                              watermark audioEnd released state
  KEYS[2] hark:s:{sid}:audio  stream, the audio ledger: chunks `<startSample>-1` {e=end, p=pcm},
                              marks {k=finalize|close} at `<audioEnd>-0` / `<audioEnd>-*`
  KEYS[3] hark:s:{sid}:tx     stream, the outbox: finals `<seq>-0` {t=f s e p}, interims and the
                              end entry after final `lastSeq` as `<lastSeq>-*` {t=i|end ...}
Liveness leases are read by name: hark:w:<id>:alive, hark:g:<id>:alive (outside the session's
slot: this library targets a single Redis, not Redis Cluster).
Numbers cross the boundary as decimal strings; Lua numbers are doubles, exact below 2^53.
]]

local function num(value)
  return tonumber(value) or 0
end

local function str(n)
  return string.format('%.0f', n)
end

local function alive(kind, id)
  return id ~= nil and id ~= '' and redis.call('EXISTS', 'hark:' .. kind .. ':' .. id .. ':alive') == 1
end

-- Removes every audio entry that ends at or before `sample`; the chunk holding `sample` stays.
local function trim_audio_before(audio, sample)
  if sample <= 0 then
    return
  end
  local minid = str(sample) .. '-1'
  local holder = redis.call('XREVRANGE', audio, minid, '-', 'COUNT', 1)
  if #holder > 0 then
    local fields = holder[1][2]
    for i = 1, #fields, 2 do
      if fields[i] == 'e' and num(fields[i + 1]) > sample then
        minid = holder[1][1]
      end
    end
  end
  redis.call('XTRIM', audio, 'MINID', minid)
end

-- A session without anyone attached expires with the hash; streams created later follow it.
local function follow_ttl(session, key)
  local ttl = redis.call('PTTL', session)
  if ttl > 0 then
    redis.call('PEXPIRE', key, ttl)
  end
end

local function expire_all(keys, ttl)
  for i = 1, #keys do
    redis.call('PEXPIRE', keys[i], ttl)
  end
end

-- ---------------------------------------------------------------- gateway side, fenced by gen

-- ARGV: format bpf rate tokenHash gateway retainSamples outboxCapacity [clientSession]
-- With a client session (a gateway's recognizer stream for it, H33): refused with ADOPTED once
-- another gateway holds that client session's journal; otherwise recorded in the journal (when
-- there is one: a session that cannot be resumed has none) as its current store session, which
-- an adopting gateway retires.
local function create(keys, args)
  if redis.call('EXISTS', keys[1]) == 1 then
    return {'EXISTS'}
  end
  if args[8] and args[8] ~= '' then
    local journal = 'hark:c:{' .. args[8] .. '}'
    local holder = redis.call('HGET', journal, 'gw')
    if holder and holder ~= args[5] then
      return {'ADOPTED', holder}
    end
    if holder then
      redis.call('HSET', journal, 'store', keys[1])
    end
  end
  redis.call('HSET', keys[1], 'format', args[1], 'bpf', args[2], 'rate', args[3], 'token', args[4],
    'gen', 1, 'gateway', args[5], 'outbox', args[7], 'owner', '', 'epoch', 0, 'lastSeq', 0, 'watermark', 0,
    'audioEnd', 0, 'released', 0, 'retain', args[6], 'state', 'open')
  return {'OK', 1}
end

-- ARGV: tokenHash gateway policy(reject|takeover)
local function attach(keys, args)
  local h = redis.call('HMGET', keys[1], 'token', 'gateway', 'state')
  if not h[1] then
    return {'NOT_FOUND'}
  end
  if h[1] ~= args[1] then
    return {'DENIED'}
  end
  if args[3] == 'reject' and h[2] ~= '' and alive('g', h[2]) then
    return {'BUSY', h[2]}
  end
  local gen = redis.call('HINCRBY', keys[1], 'gen', 1)
  redis.call('HSET', keys[1], 'gateway', args[2])
  if h[3] ~= 'ended' then
    for i = 1, #keys do
      redis.call('PERSIST', keys[i])
    end
  end
  local s = redis.call('HMGET', keys[1], 'audioEnd', 'lastSeq', 'state')
  return {'OK', gen, s[1], s[2], s[3]}
end

-- the current attachment of `gen`, or the reply that refuses the caller
local function gateway_fence(session, gen)
  local h = redis.call('HMGET', session, 'gen', 'gateway', 'state', 'audioEnd', 'watermark', 'bpf', 'retain')
  if not h[1] then
    return nil, {'NOT_FOUND'}
  end
  if h[1] ~= gen or h[2] == '' then
    return nil, {'STALE', h[1]}
  end
  return h, nil
end

-- ARGV: gen newTokenHash
local function rotate_token(keys, args)
  local _, refusal = gateway_fence(keys[1], args[1])
  if refusal then
    return refusal
  end
  redis.call('HSET', keys[1], 'token', args[2])
  return {'OK'}
end

-- ARGV: gen start end pcm. Idempotent by sample offset: audio before audioEnd is a duplicate.
local function append_audio(keys, args)
  local h, refusal = gateway_fence(keys[1], args[1])
  if refusal then
    return refusal
  end
  local audio_end = num(h[4])
  local start, stop, pcm = num(args[2]), num(args[3]), args[4]
  if h[3] ~= 'open' then
    return {'CLOSED', str(audio_end)}
  end
  if stop <= audio_end then
    return {'DUPLICATE', str(audio_end)}
  end
  if start > audio_end then
    return {'GAP', str(audio_end)}
  end
  if start < audio_end then
    pcm = string.sub(pcm, (audio_end - start) * num(h[6]) + 1)
    start = audio_end
  end
  redis.call('XADD', keys[2], str(start) .. '-1', 'e', str(stop), 'p', pcm)
  redis.call('HSET', keys[1], 'audioEnd', str(stop))
  local retain = num(h[7])
  if retain > 0 and stop - retain > num(h[5]) then
    trim_audio_before(keys[2], stop - retain)
    redis.call('HSET', keys[1], 'released', str(stop - retain))
  end
  return {'OK', str(stop)}
end

-- ARGV: gen kind(finalize|close). Marks the audio stream so the worker sees it in order.
local function mark_audio(keys, args)
  local h, refusal = gateway_fence(keys[1], args[1])
  if refusal then
    return refusal
  end
  if h[3] ~= 'open' then
    return {'CLOSED', h[4]}
  end
  if args[2] == 'close' then
    redis.call('XADD', keys[2], h[4] .. '-*', 'k', 'close')
    redis.call('HSET', keys[1], 'state', 'closing')
    return {'OK'}
  end
  if h[4] == '0' then
    return {'OK'}
  end
  local last = redis.call('XREVRANGE', keys[2], '+', '-', 'COUNT', 1)
  if #last > 0 and last[1][1] == h[4] .. '-0' then
    return {'DUPLICATE'}
  end
  redis.call('XADD', keys[2], h[4] .. '-0', 'k', 'finalize')
  return {'OK'}
end

-- ARGV: gen graceMs. Nobody attached: the session expires unless someone resumes it in time.
local function detach(keys, args)
  local _, refusal = gateway_fence(keys[1], args[1])
  if refusal then
    return refusal
  end
  redis.call('HSET', keys[1], 'gateway', '')
  expire_all(keys, args[2])
  return {'OK'}
end

-- ------------------------------------------------------- worker side, fenced by (owner, epoch)

-- ARGV: worker. Succeeds only when the current owner's lease is gone (or nobody owns it).
local function take_over(keys, args)
  local h = redis.call('HMGET', keys[1], 'owner', 'epoch', 'state')
  if not h[1] then
    return {'NOT_FOUND'}
  end
  if h[3] == 'ended' then
    return {'ENDED'}
  end
  if not alive('w', args[1]) then
    return {'NO_LEASE'}
  end
  if h[1] ~= '' and alive('w', h[1]) then
    return {'OWNER_ALIVE', h[1], h[2]}
  end
  local epoch = redis.call('HINCRBY', keys[1], 'epoch', 1)
  redis.call('HSET', keys[1], 'owner', args[1])
  local s = redis.call('HMGET', keys[1], 'watermark', 'lastSeq', 'audioEnd', 'released', 'state', 'format')
  return {'OK', epoch, s[1], s[2], s[3], s[4], s[5], s[6]}
end

local function worker_fence(session, owner, epoch)
  local h = redis.call('HMGET', session, 'owner', 'epoch', 'state', 'lastSeq', 'watermark', 'outbox')
  if not h[1] then
    return nil, {'NOT_FOUND'}
  end
  if h[1] ~= owner or h[2] ~= epoch then
    return nil, {'STALE', h[1], h[2]}
  end
  if h[3] == 'ended' then
    return nil, {'ENDED'}
  end
  return h, nil
end

-- ARGV: owner epoch start end payload. The outbox keeps the session's `outbox` finals.
-- Allocates the seq, appends the final, moves the watermark and trims the audio: one step.
local function publish_final(keys, args)
  local h, refusal = worker_fence(keys[1], args[1], args[2])
  if refusal then
    return refusal
  end
  local last_seq, watermark = num(h[4]), num(h[5])
  local start, stop = num(args[3]), num(args[4])
  if stop <= watermark then
    return {'DUPLICATE', h[4], h[5]}
  end
  if start < watermark then
    return {'OVERLAP', h[4], h[5]}
  end
  local seq = last_seq + 1
  -- interims of this final are superseded by it
  local interims = redis.call('XRANGE', keys[3], '(' .. str(last_seq) .. '-0', str(last_seq))
  for i = 1, #interims do
    redis.call('XDEL', keys[3], interims[i][1])
  end
  redis.call('XADD', keys[3], str(seq) .. '-0', 't', 'f', 's', args[3], 'e', args[4], 'p', args[5])
  redis.call('HSET', keys[1], 'lastSeq', str(seq), 'watermark', args[4])
  trim_audio_before(keys[2], stop)
  local keep = num(h[6])
  if keep > 0 and seq - keep + 1 > 1 then
    redis.call('XTRIM', keys[3], 'MINID', str(seq - keep + 1) .. '-0')
  end
  follow_ttl(keys[1], keys[3])
  return {'OK', str(seq), args[4]}
end

-- ARGV: owner epoch start end payload. Numbered after the last final; replaced by the next one.
local function publish_interim(keys, args)
  local h, refusal = worker_fence(keys[1], args[1], args[2])
  if refusal then
    return refusal
  end
  if num(args[4]) <= num(h[5]) then
    return {'DUPLICATE', h[4], h[5]}
  end
  redis.call('XADD', keys[3], h[4] .. '-*', 't', 'i', 's', args[3], 'e', args[4], 'p', args[5])
  follow_ttl(keys[1], keys[3])
  return {'OK', str(num(h[4]) + 1), h[5]}
end

-- ARGV: owner epoch graceMs reason. The last entry of the outbox; everything expires after grace.
local function finish(keys, args)
  local h, refusal = worker_fence(keys[1], args[1], args[2])
  if refusal then
    return refusal
  end
  redis.call('HSET', keys[1], 'state', 'ended')
  redis.call('XADD', keys[3], h[4] .. '-*', 't', 'end', 'r', args[4])
  redis.call('DEL', keys[2])
  expire_all(keys, args[3])
  return {'OK'}
end

-- ARGV: owner epoch. Hands the session back so another worker can take it without waiting.
local function release(keys, args)
  local _, refusal = worker_fence(keys[1], args[1], args[2])
  if refusal then
    return refusal
  end
  redis.call('HSET', keys[1], 'owner', '')
  return {'OK'}
end

-- ------------------------------------------- client journal (H33), fenced by (gw, epoch)
--[[
The client side of a session, written ahead by the gateway that holds it, so another gateway can
rebuild it after the holder died:
  KEYS[1] hark:c:{csid}      hash: gw epoch key opts cgen token pending lastSeq watermark outbox
                             store (the hash key of the store session the holder feeds now)
  KEYS[2] hark:c:{csid}:tx   stream: the finals the client may still need, `<seq>-0` {s e p}
A holder's writes carry (gw, epoch); `adopt` moves both, so the previous holder's next write is
refused with STALE.
]]

local function journal_fence(journal, gw, epoch)
  local h = redis.call('HMGET', journal, 'gw', 'epoch', 'lastSeq', 'outbox')
  if not h[1] then
    return nil, {'NOT_FOUND'}
  end
  if h[1] ~= gw or h[2] ~= epoch then
    return nil, {'STALE', h[2]}
  end
  return h, nil
end

-- ARGV: gateway keyName options gen tokenHash outboxCapacity. A retried open by its holder is OK.
local function journal_open(keys, args)
  local h = redis.call('HMGET', keys[1], 'gw', 'epoch')
  if h[1] then
    if h[1] == args[1] and h[2] == '1' then
      return {'OK', 1}
    end
    return {'STALE', h[2]}
  end
  redis.call('HSET', keys[1], 'gw', args[1], 'epoch', 1, 'key', args[2], 'opts', args[3], 'cgen', args[4],
    'token', args[5], 'pending', '', 'lastSeq', 0, 'watermark', 0, 'outbox', args[6])
  return {'OK', 1}
end

-- ARGV: gw epoch seq start end payload. Written before the final goes to the client; seqs in order.
local function journal_final(keys, args)
  local h, refusal = journal_fence(keys[1], args[1], args[2])
  if refusal then
    return refusal
  end
  local last, seq = num(h[3]), num(args[3])
  if seq <= last then
    return {'DUPLICATE', h[3]}
  end
  if seq ~= last + 1 then
    return {'GAP', h[3]}
  end
  redis.call('XADD', keys[2], str(seq) .. '-0', 's', args[4], 'e', args[5], 'p', args[6])
  redis.call('HSET', keys[1], 'lastSeq', str(seq), 'watermark', args[5])
  local keep = num(h[4])
  if keep > 0 and seq - keep + 1 > 1 then
    redis.call('XTRIM', keys[2], 'MINID', str(seq - keep + 1) .. '-0')
  end
  return {'OK'}
end

-- ARGV: gw epoch gen tokenHash pendingHash(or empty). The tokens that resume the session now.
local function journal_tokens(keys, args)
  local _, refusal = journal_fence(keys[1], args[1], args[2])
  if refusal then
    return refusal
  end
  redis.call('HSET', keys[1], 'cgen', args[3], 'token', args[4], 'pending', args[5])
  return {'OK'}
end

-- ARGV: gw epoch. The session ended on its holder: nothing is left to resume.
local function journal_end(keys, args)
  local _, refusal = journal_fence(keys[1], args[1], args[2])
  if refusal then
    return refusal
  end
  redis.call('DEL', keys[1], keys[2])
  return {'OK'}
end

-- The store session a fenced gateway fed: ended (its worker's next write is refused), a close
-- mark wakes the worker, an end entry tells the old gateway; expires after `ttl` ms.
local function retire(session, reason, ttl)
  local s = redis.call('HMGET', session, 'state', 'lastSeq', 'audioEnd')
  if not s[1] or s[1] == 'ended' then
    return
  end
  redis.call('HSET', session, 'state', 'ended', 'gateway', '')
  redis.call('XADD', session .. ':audio', s[3] .. '-*', 'k', 'close')
  redis.call('XADD', session .. ':tx', s[2] .. '-*', 't', 'end', 'r', reason)
  expire_all({session, session .. ':audio', session .. ':tx'}, ttl)
end

-- ARGV: gateway tokenHash keyName retireTtlMs. Another gateway takes the client session over:
-- the presented token must be the current or the pending one, and the key the one that opened it.
-- Fences the previous holder (epoch + 1), retires its store session, returns the journal.
local function adopt(keys, args)
  local h = redis.call('HMGET', keys[1], 'gw', 'epoch', 'key', 'opts', 'cgen', 'token', 'pending',
    'lastSeq', 'watermark', 'store')
  if not h[1] then
    return {'NOT_FOUND'}
  end
  if args[2] ~= h[6] and args[2] ~= h[7] then
    return {'DENIED'}
  end
  if args[3] ~= h[3] then
    return {'WRONG_KEY'}
  end
  local epoch = redis.call('HINCRBY', keys[1], 'epoch', 1)
  redis.call('HSET', keys[1], 'gw', args[1], 'store', '')
  if h[10] and h[10] ~= '' then
    retire(h[10], 'adopted', args[4])
  end
  local finals = redis.call('XRANGE', keys[2], '-', '+')
  return {'OK', epoch, h[4], h[5], h[8], h[9], finals}
end

-- --------------------------------------------------------------------------------- reading

-- No arguments. What a gateway checks every half second, and what tests look at.
local function inspect(keys, args)
  local h = redis.call('HMGET', keys[1], 'gen', 'gateway', 'owner', 'epoch', 'lastSeq', 'watermark',
    'audioEnd', 'released', 'state')
  if not h[1] then
    return {'NOT_FOUND'}
  end
  local owner_alive = alive('w', h[3]) and '1' or '0'
  return {'OK', h[1], h[2], h[3], h[4], h[5], h[6], h[7], h[8], h[9], owner_alive}
end

redis.register_function('hark_1_create', create)
redis.register_function('hark_1_attach', attach)
redis.register_function('hark_1_rotate_token', rotate_token)
redis.register_function('hark_1_append_audio', append_audio)
redis.register_function('hark_1_mark_audio', mark_audio)
redis.register_function('hark_1_detach', detach)
redis.register_function('hark_1_take_over', take_over)
redis.register_function('hark_1_publish_final', publish_final)
redis.register_function('hark_1_publish_interim', publish_interim)
redis.register_function('hark_1_finish', finish)
redis.register_function('hark_1_release', release)
redis.register_function('hark_1_journal_open', journal_open)
redis.register_function('hark_1_journal_final', journal_final)
redis.register_function('hark_1_journal_tokens', journal_tokens)
redis.register_function('hark_1_journal_end', journal_end)
redis.register_function('hark_1_adopt', adopt)
redis.register_function{function_name = 'hark_1_inspect', callback = inspect, flags = {'no-writes'}}
