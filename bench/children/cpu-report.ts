/**
 * Answers the bench's `{ cpu: true }` with the CPU time this process has used so far (user + system,
 * ms). On a busy machine wall time mostly measures the neighbours; CPU time per decision is what the
 * process itself spent.
 */
process.on('message', (m: { cpu?: boolean }) => {
  if (!m.cpu) return;
  const { user, system } = process.cpuUsage();
  process.send?.({ cpuMs: (user + system) / 1000 });
});
