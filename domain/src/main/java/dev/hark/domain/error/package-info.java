/**
 * The error vocabulary clients see: stable codes, whether the stream can go on after each,
 * and retry hints. Business refusals are values ({@link dev.hark.domain.error.ClientError}),
 * not exceptions.
 */
package dev.hark.domain.error;
