// One id per `jest` run, inherited by every test worker: the service is compiled into dist/ once per run
// (test/support/worker-processes.ts buildService), not once per test file.
export default function globalSetup() {
  process.env.KUBETUNE_TEST_RUN = `${process.pid}-${Date.now()}`;
}
