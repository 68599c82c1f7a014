/**
 * Every state change that two workers could race on is one of these scripts,
 * so it is checked and applied atomically inside Redis.
 */

/**
 * KEYS: experiment, index, live set. ARGV: refId, createdAtMs, ...field/value pairs.
 * 1 = created, 0 = exists.
 */
export const CREATE_EXPERIMENT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local fields = {}
for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
return 1
`;

/**
 * Records new trials together with the algorithm state that produced them.
 * KEYS: experiment, trial index, trial key 1..n.
 * ARGV: expected version, algorithm state JSON, then per trial: name, index, record JSON.
 * Returns 1, or 0 when the experiment changed (or completed) since it was read.
 */
export const COMMIT_TRIALS = `
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
if redis.call('HEXISTS', KEYS[1], 'completion') == 1 then return 0 end
for i = 3, #KEYS do
  local a = 3 + (i - 3) * 3
  redis.call('HSET', KEYS[i], 'phase', 'Created', 'record', ARGV[a + 2])
  redis.call('ZADD', KEYS[2], ARGV[a + 1], ARGV[a])
end
redis.call('HSET', KEYS[1], 'algorithmState', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
`;

/**
 * KEYS: experiment. ARGV: expected version ('' = any), completion JSON.
 * Returns 1, or 0 when already complete or changed since read.
 */
export const COMPLETE_EXPERIMENT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[1], 'completion') == 1 then return 0 end
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'completion', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'version', 1)
return 1
`;

/**
 * Moves a trial from one of the expected phases to a new one.
 * KEYS: trial. ARGV: new phase, record JSON, the attempt the writer holds
 * ('' for any), expected phases...
 * Returns 1, or 0 when the trial is gone, in another phase or on another attempt.
 */
export const TRANSITION_TRIAL = `
local phase = redis.call('HGET', KEYS[1], 'phase')
if not phase then return 0 end
if ARGV[3] ~= '' then
  local stored = cjson.decode(redis.call('HGET', KEYS[1], 'record'))
  if tostring(stored.attempt) ~= ARGV[3] then return 0 end
end
for i = 4, #ARGV do
  if phase == ARGV[i] then
    redis.call('HSET', KEYS[1], 'phase', ARGV[1], 'record', ARGV[2])
    return 1
  end
end
return 0
`;

/** KEYS: trial. Flags a live trial for its runner to kill. Returns 1 if flagged. */
export const REQUEST_TRIAL_KILL = `
local phase = redis.call('HGET', KEYS[1], 'phase')
if phase == 'Created' or phase == 'Running' then
  redis.call('HSET', KEYS[1], 'kill', '1')
  return 1
end
return 0
`;

/**
 * Appends pushed observations, all or none, only while the trial runs and
 * only with its token.
 * KEYS: trial, observation stream. ARGV: token, then per observation one JSON
 * array of stream fields.
 * Returns the number appended, -1 unknown trial, -2 wrong token, -3 not running.
 */
export const APPEND_PUSHED_OBSERVATIONS = `
local phase = redis.call('HGET', KEYS[1], 'phase')
if not phase then return -1 end
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return -2 end
if phase ~= 'Running' then return -3 end
for i = 2, #ARGV do
  redis.call('XADD', KEYS[2], '*', unpack(cjson.decode(ARGV[i])))
end
return #ARGV - 1
`;
