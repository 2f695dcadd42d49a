/**
 * How long the test clients wait for something the server does (an ack, a
 * pushed event, a bot reply). A wait covers several database commits, and
 * each waits for the disk: on a busy machine that takes seconds, not
 * milliseconds. A condition that never comes still fails, after this long.
 */
export const WAIT_MS = 15_000;

/**
 * How long a spawned server process may take to start: tsx compiles the
 * whole server first, which takes seconds alone and far longer on a machine
 * whose cores are busy with other test files.
 */
export const SERVER_START_MS = 60_000;
