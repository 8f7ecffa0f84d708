"""Round-the-clock operations: shift roster, console sign-on with heartbeat, staffing, handover, workload."""
