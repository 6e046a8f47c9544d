/**
 * What Hark serves over plain HTTP on the application port beside {@code /v1/stream}: the
 * browser client module and the demo page, from the classpath (see {@link dev.hark.bootstrap.web.WebAssets}),
 * and the startup lines that say where they are.
 */
package dev.hark.bootstrap.web;
