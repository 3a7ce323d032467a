/** Port: the current time, so that expiry rules can be tested without waiting. */
export interface Clock {
  now(): Date;
}
