import { TRIAL_PHASES } from '../domain/trial-phase.js';

/**
 * Every state change that two workers could race on is one of these scripts,
 * so it is checked and applied atomically inside Redis.
 */

/**
 * Version of the per-phase and objective indexes (keys.ts). An experiment
 * stored before they existed lacks the `indexes` field and is indexed once
 * when first read (TrialRepository.ensureIndexes).
 */
export const TRIAL_INDEXES_VERSION = '1';

/** Lua table from phase name to its KEYS slot, for scripts that take the phase indexes from `firstSlot` on. */
/**
 * The experiment's change feed keeps about this many recent events: enough for
 * a dashboard that reconnects after a short break to catch up from its last
 * event id, small enough that a 10,000-trial experiment's feed costs little.
 */
export const EXPERIMENT_EVENTS_MAXLEN = 1000;

/** Appends one event to the change feed in KEYS[n], inside the script that made the change, so feed and state never disagree. */
function appendEvent(eventsKey: string, ...fields: string[]): string {
  return `redis.call('XADD', ${eventsKey}, 'MAXLEN', '~', '${EXPERIMENT_EVENTS_MAXLEN}', '*', ${fields.join(', ')})`;
}

/**
 * Bumps the experiment's `revision` (keys.ts) in KEYS[n], inside every script
 * that changes what a read of the experiment or its trials shows, so that a
 * view cached under one revision is never served after such a change
 * (ExperimentViewCache). Only while the experiment exists: a late write after
 * a delete must not leave a hash behind that would block its name.
 */
function bumpRevision(experimentKey: string): string {
  return `if redis.call('EXISTS', ${experimentKey}) == 1 then redis.call('HINCRBY', ${experimentKey}, 'revision', 1) end`;
}

function phaseSlots(firstSlot: number): string {
  return `{ ${TRIAL_PHASES.map((phase, i) => `${phase} = ${firstSlot + i}`).join(', ')} }`;
}

/**
 * KEYS: experiment, index, live set, prior history. ARGV: refId, createdAtMs,
 * the prior history's entries as JSON ('' for a cold start), ...field/value pairs.
 * The prior history is written in the same step, so no reconcile can see the
 * experiment without it. 1 = created, 0 = exists.
 */
export const CREATE_EXPERIMENT = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local fields = {}
for i = 4, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', KEYS[1], unpack(fields))
if ARGV[3] ~= '' then redis.call('SET', KEYS[4], ARGV[3]) end
redis.call('HSET', KEYS[1], 'indexes', '${TRIAL_INDEXES_VERSION}', 'revision', '0')
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('SADD', KEYS[3], ARGV[1])
return 1
`;

/**
 * Records new trials together with the algorithm state that produced them.
 * KEYS: experiment, trial index, index of the phase they start in, unranked
 * trials, change feed, trial key 1..n.
 * ARGV: expected version, algorithm state JSON, creation time of these trials,
 * the phase they start in, then per trial: name, index, record JSON, push token
 * ('' for none: the service's own trials get theirs when they start); last,
 * the experiment's uid.
 * Returns 1, or 0 when the experiment changed (or completed) since it was read,
 * or is another one by now (deleted and created again under its name: an ask
 * may commit from what it knew before, see CallerTrialsService).
 */
export const COMMIT_TRIALS = `
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
if cjson.decode(redis.call('HGET', KEYS[1], 'meta')).uid ~= ARGV[#ARGV] then return 0 end
if redis.call('HEXISTS', KEYS[1], 'completion') == 1 then return 0 end
for i = 6, #KEYS do
  local a = 5 + (i - 6) * 4
  redis.call('HSET', KEYS[i], 'phase', ARGV[4], 'record', ARGV[a + 2])
  if ARGV[a + 3] ~= '' then redis.call('HSET', KEYS[i], 'token', ARGV[a + 3]) end
  redis.call('ZADD', KEYS[2], ARGV[a + 1], ARGV[a])
  redis.call('ZADD', KEYS[3], ARGV[a + 1], ARGV[a])
  redis.call('ZADD', KEYS[4], ARGV[a + 1], ARGV[a])
end
if #KEYS > 5 then
  redis.call('HSETNX', KEYS[1], 'firstTrialCreatedAt', ARGV[3])
  ${appendEvent('KEYS[5]', "'kind'", "'trials-created'", "'count'", 'tostring(#KEYS - 5)')}
end
redis.call('HSET', KEYS[1], 'algorithmState', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HINCRBY', KEYS[1], 'revision', 1)
return 1
`;

/**
 * KEYS: experiment, change feed. ARGV: expected version ('' = any), completion JSON.
 * Returns 1, or 0 when already complete or changed since read.
 */
export const COMPLETE_EXPERIMENT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[1], 'completion') == 1 then return 0 end
if ARGV[1] ~= '' and redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'completion', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HINCRBY', KEYS[1], 'revision', 1)
${appendEvent('KEYS[2]', "'kind'", "'experiment-completed'")}
return 1
`;

/**
 * Replaces the manifest after a budget edit; with a restart, also clears the
 * completion, records the restart time and puts the experiment back in the
 * live set, so reconciles and resyncs pick it up again.
 * KEYS: experiment, live set. ARGV: expected version, manifest JSON, refId,
 * restart time ('' = no restart).
 * Returns 1, or 0 when the experiment is gone or changed since it was read.
 */
export const EDIT_EXPERIMENT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[1], 'version') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'manifest', ARGV[2])
if ARGV[4] ~= '' then
  redis.call('HDEL', KEYS[1], 'completion')
  redis.call('HSET', KEYS[1], 'restartedAt', ARGV[4])
  redis.call('SADD', KEYS[2], ARGV[3])
end
redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HINCRBY', KEYS[1], 'revision', 1)
return 1
`;

/**
 * Moves a trial from one of the expected phases to a new one, keeping the
 * phase indexes and the objective ranking in the same atomic step.
 * KEYS: trial, objective ranking, unranked trials, then one phase index per
 * phase in TRIAL_PHASES order, then the change feed (which hears of phase
 * changes only), then the experiment (whose revision every change bumps),
 * then the trial's observation log.
 * ARGV: new phase, record JSON, trial name, creation index, ranking score
 * ('' when the trial has no objective value), the attempt the writer holds
 * ('' for any), the push token the trial's workload is given ('' to keep the
 * stored one; a claim sets it in the same step), the number of entries the
 * observation log must hold ('' for any: a verdict drawn from a log its
 * runner kept itself holds only if nobody else appended), expected phases...
 * Returns 1; 0 when the trial is gone, in another phase or on another
 * attempt; -1 when the log holds another number of entries (nothing written).
 */
export const TRANSITION_TRIAL = `
local phase = redis.call('HGET', KEYS[1], 'phase')
if not phase then return 0 end
local slot = ${phaseSlots(4)}
if ARGV[6] ~= '' then
  local stored = cjson.decode(redis.call('HGET', KEYS[1], 'record'))
  if tostring(stored.attempt) ~= ARGV[6] then return 0 end
end
for i = 9, #ARGV do
  if phase == ARGV[i] then
    if ARGV[8] ~= '' and redis.call('XLEN', KEYS[${6 + TRIAL_PHASES.length}]) ~= tonumber(ARGV[8]) then return -1 end
    ${movePhase(`KEYS[${4 + TRIAL_PHASES.length}]`, `KEYS[${5 + TRIAL_PHASES.length}]`)}
    if ARGV[7] ~= '' then redis.call('HSET', KEYS[1], 'token', ARGV[7]) end
    return 1
  end
end
return 0
`;

/**
 * A trial's phase change once its guard has passed: the record, the phase
 * indexes, the change feed, the objective ranking and the experiment's
 * revision, with TRANSITION_TRIAL's
 * KEYS (trial, ranking, unranked, phase indexes from 4) and ARGV 1-5 (new
 * phase, record, name, creation index, score), the current phase in the
 * local `phase` and the phase slots in `slot`.
 */
function movePhase(eventsKey: string, experimentKey: string): string {
  return `redis.call('HSET', KEYS[1], 'phase', ARGV[1], 'record', ARGV[2])
    if phase ~= ARGV[1] then
      redis.call('ZREM', KEYS[slot[phase]], ARGV[3])
      redis.call('ZADD', KEYS[slot[ARGV[1]]], ARGV[4], ARGV[3])
      ${appendEvent(eventsKey, "'kind'", "'trial'", "'trial'", 'ARGV[3]', "'phase'", 'ARGV[1]')}
    end
    if ARGV[5] ~= '' then
      redis.call('ZADD', KEYS[2], ARGV[5], ARGV[3])
      redis.call('ZREM', KEYS[3], ARGV[3])
    end
    ${bumpRevision(experimentKey)}`;
}

/**
 * A tell in one step: ends a caller-run trial with its final observations,
 * checking its token and that it still runs (as APPEND_PUSHED_OBSERVATIONS
 * does) and that its log is still the one the verdict was drawn from (the
 * caller may push values up to the end), then moves it as TRANSITION_TRIAL
 * does, and answers with what Katib's completion rules count.
 * KEYS: TRANSITION_TRIAL's up to the change feed (trial, ranking, unranked,
 * phase indexes, change feed), then the observation stream, the trial index,
 * the experiment.
 * ARGV: TRANSITION_TRIAL's 1-5 (new phase, record, name, index, score), the
 * token, the id of the last log entry the verdict saw ('0-0' for none),
 * then per final observation one JSON array of stream fields.
 * Returns -1 unknown trial, -2 wrong token, -3 not running, -4 the log grew
 * meanwhile (nothing written); else the trials in all, the trials per phase
 * in TRIAL_PHASES order, and the best ranking score ('' with none).
 */
export const END_CALLER_TRIAL = `
local stored = redis.call('HMGET', KEYS[1], 'phase', 'token')
local phase = stored[1]
if not phase then return -1 end
if stored[2] ~= ARGV[6] then return -2 end
if phase ~= 'Running' then return -3 end
local events, log, index, experiment = KEYS[${4 + TRIAL_PHASES.length}], KEYS[${5 + TRIAL_PHASES.length}], KEYS[${6 + TRIAL_PHASES.length}], KEYS[${7 + TRIAL_PHASES.length}]
local last = redis.call('XREVRANGE', log, '+', '-', 'COUNT', 1)[1]
if (last and last[1] or '0-0') ~= ARGV[7] then return -4 end
for i = 8, #ARGV do
  redis.call('XADD', log, '*', unpack(cjson.decode(ARGV[i])))
end
local slot = ${phaseSlots(4)}
${movePhase('events', 'experiment')}
local counts = { redis.call('ZCARD', index) }
for i = 4, ${3 + TRIAL_PHASES.length} do counts[#counts + 1] = redis.call('ZCARD', KEYS[i]) end
local best = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
counts[#counts + 1] = best[2] or ''
return counts
`;

/**
 * Builds the indexes of an experiment stored before they existed, all at
 * once: phase indexes from each trial's phase, the unranked set, and the
 * objective ranking from scores the caller computed (it knows the
 * objective). Idempotent. The trial keys are derived here; they share the
 * experiment's hash tag, so its cluster slot.
 * KEYS: experiment, trial index, objective ranking, unranked trials, then one
 * phase index per phase in TRIAL_PHASES order.
 * ARGV: the trial key prefix (the trial name is appended), the indexes
 * version, then trial name / ranking score pairs.
 */
export const INDEX_TRIALS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HGET', KEYS[1], 'indexes') == ARGV[2] then return 0 end
local slot = ${phaseSlots(5)}
local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
for i = 1, #entries, 2 do
  redis.call('ZADD', KEYS[4], entries[i + 1], entries[i])
  local phase = redis.call('HGET', ARGV[1] .. entries[i], 'phase')
  if phase and slot[phase] then redis.call('ZADD', KEYS[slot[phase]], entries[i + 1], entries[i]) end
end
for i = 3, #ARGV, 2 do
  redis.call('ZADD', KEYS[3], ARGV[i + 1], ARGV[i])
  redis.call('ZREM', KEYS[4], ARGV[i])
end
local first = redis.call('ZRANGE', KEYS[2], 0, 0)
if first[1] then
  local record = redis.call('HGET', ARGV[1] .. first[1], 'record')
  if record then redis.call('HSETNX', KEYS[1], 'firstTrialCreatedAt', cjson.decode(record).createdAt) end
end
redis.call('HSET', KEYS[1], 'indexes', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'revision', 1)
return 1
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

/** KEYS: experiment, its note. ARGV: note JSON. Returns 1, or 0 when there is no such experiment. */
export const SET_EXPERIMENT_NOTE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], ARGV[1])
return 1
`;

/**
 * What a trial list read needs, in one step: the records of the trials
 * created from a creation index on, and of named trials (those still active
 * when last read). The trial keys are derived here, as in INDEX_TRIALS.
 * KEYS: trial index. ARGV: the trial key prefix, the first creation index,
 * then the names to re-read.
 * Returns two arrays of records (a missing trial's is left out).
 */
export const READ_TRIALS_SINCE = `
local fresh = {}
for _, name in ipairs(redis.call('ZRANGE', KEYS[1], ARGV[2], -1)) do
  local record = redis.call('HGET', ARGV[1] .. name, 'record')
  if record then fresh[#fresh + 1] = record end
end
local again = {}
for i = 3, #ARGV do
  local record = redis.call('HGET', ARGV[1] .. ARGV[i], 'record')
  if record then again[#again + 1] = record end
end
return {fresh, again}
`;

/**
 * Records when a reconcile of a live experiment ran, for the resync to skip
 * it; an experiment retired or deleted meanwhile is not recorded again.
 * KEYS: live set, reconciled-at ZSET. ARGV: ref, time (ms).
 */
export const MARK_RECONCILED = `
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
end
return 0
`;
