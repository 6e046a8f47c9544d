/** Liveness and readiness over HTTP for probes and load balancers (admin port: /health/live, /health/ready). */
package dev.hark.infrastructure.inbound.health;
