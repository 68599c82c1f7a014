/** Where programs are found when the service itself runs without a PATH. */
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const DEFAULT_LANG = 'C.UTF-8';

/**
 * The little a local trial takes from this machine. In Katib a trial's
 * container starts from its image's environment, never the controller's; here
 * the machine is the image, so a trial gets the service's PATH and LANG (to
 * find the same programs and read text the same way) and a HOME of its own,
 * its trial directory, so that no dotfile of the service's user (a kubeconfig,
 * a shell history) is where tools look first. Nothing else of the service's
 * environment reaches a trial: not REDIS_URL, KEY_PREFIX or any credential,
 * with which one trial could read another trial's push token or rewrite stored
 * state. The container's env and the trial variables are added on top.
 */
export function machineEnvironment(serviceEnv: NodeJS.ProcessEnv, trialDir: string): Record<string, string> {
  return {
    PATH: serviceEnv.PATH || DEFAULT_PATH,
    HOME: trialDir,
    LANG: serviceEnv.LANG || DEFAULT_LANG,
  };
}
