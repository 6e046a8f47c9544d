/**
 * The shared session store of cluster mode (gateways and ASR workers as separate processes,
 * issue 16): what a gateway ({@link dev.hark.application.port.outbound.store.GatewaySessionStorePort}),
 * a worker ({@link dev.hark.application.port.outbound.store.WorkerSessionStorePort}) and every
 * process ({@link dev.hark.application.port.outbound.store.ProcessLeasePort}) need from it.
 *
 * <p>Every write is fenced where it happens (hazard H31): a gateway writes with the generation of
 * its attachment, a worker with the {@link dev.hark.application.port.outbound.store.WorkerFence}
 * it got from {@code takeOver}; a superseded writer is refused ({@code StaleGeneration},
 * {@code StaleOwner}) and changes nothing. Appends are idempotent by sample offset (H34). Every
 * method is asynchronous and never completes exceptionally: refusals and an unreachable store
 * ({@link dev.hark.application.port.outbound.store.Unavailable}) are values of a sealed outcome,
 * consumed with an exhaustive {@code switch}.
 */
package dev.hark.application.port.outbound.store;
