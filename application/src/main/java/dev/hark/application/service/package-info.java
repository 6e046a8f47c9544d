/**
 * Use-case services. {@link dev.hark.application.service.StreamingSessionService} is the
 * heart: it owns the session registry and runs every event of a session, whatever thread it
 * came from, on that session's {@link dev.hark.application.service.SerialLane}.
 */
package dev.hark.application.service;
