/**
 * Cluster mode's two halves on the store ports: the gateway's recognizer that hands a session's
 * audio to the store and reads its finals back ({@link dev.hark.application.cluster.StoreRecognizerAdapter}),
 * and the worker that takes sessions from the store, runs the local recognizer and publishes
 * fenced finals ({@link dev.hark.application.cluster.RecognizerWorker}). The session core does not
 * know which of them it talks to: the seam is the existing recognizer port.
 */
package dev.hark.application.cluster;
