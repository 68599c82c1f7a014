import { readdirSync, readFileSync } from 'node:fs';

/**
 * Which process a pid names, as far as the kernel can tell: the boot and the
 * process's start time (in clock ticks since boot, /proc/<pid>/stat field 22).
 * A pid is reused once its process is gone; the same pid with another start
 * time (or another boot) is another process.
 */
export function processIdentity(pid: number): string | undefined {
  return identityFromStat(readText(`/proc/${pid}/stat`));
}

/** processIdentity from the text of /proc/<pid>/stat read elsewhere (the trial launcher reads it before it can reap the process). */
export function identityFromStat(statText: string | undefined): string | undefined {
  const stat = statText ? parseProcStat(statText) : undefined;
  const boot = bootId();
  return stat && boot ? `${boot}:${stat.startTime}` : undefined;
}

let bootIdRead: { id: string | undefined } | undefined;

/** This boot's id: read once, as it cannot change while this process lives (every trial's start asked for it). */
function bootId(): string | undefined {
  bootIdRead ??= { id: readText('/proc/sys/kernel/random/boot_id')?.trim() };
  return bootIdRead.id;
}

/** Whether some process other than the leader is still in process group `pgid`. */
export function groupHasMembers(pgid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === pgid) continue;
    if (readProcStat(pid)?.processGroup === pgid) return true;
  }
  return false;
}

function readProcStat(pid: number): { processGroup: number; startTime: string } | undefined {
  const text = readText(`/proc/${pid}/stat`);
  return text ? parseProcStat(text) : undefined;
}

function parseProcStat(text: string): { processGroup: number; startTime: string } {
  // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): the process group is field 5, the start time field 22.
  return { processGroup: Number(fields[2]), startTime: fields[19] };
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
