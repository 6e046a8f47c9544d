/**
 * Session identity and fencing: {@link dev.hark.domain.session.SessionId}, the monotonic
 * {@link dev.hark.domain.session.Generation} every client attachment gets, the secret
 * {@link dev.hark.domain.session.ResumeToken}, and the {@link dev.hark.domain.session.Session}
 * aggregate that owns a stream's audio clock and transcript numbering.
 */
package dev.hark.domain.session;
